/* Golden: CFG shapes of the C front end (if/else, loops with trip counts, switch fall-through,
 * goto, break/continue, early return, do-while(0)). */
int g;

#define RESET(x) do { (x) = 0; } while (0)

int flow(int n, int *a)
{
    if (n < 0)
        return -1;
    for (int i = 0; i < 16; i += 4)
        a[i] = i;
    for (int i = 0; i < n; i++) {
        if (a[i] == 3)
            continue;
        if (a[i] == 7)
            break;
        g++;
    }
    while (g > 100)
        g--;
    do {
        g++;
    } while (g < 10);
    switch (n) {
    case 0:
        g = 1;
    case 1:
        g = 2;
        break;
    default:
        goto done;
    }
    RESET(g);
done:
    return g;
}
