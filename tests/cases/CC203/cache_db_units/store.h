/* The cache (cache.c) and the database (db.c) call into each other. */
#ifndef STORE_H
#define STORE_H

void cache_invalidate(int key);
int cache_get(int key);
int db_read(int key);
void db_flush(void);

#endif
