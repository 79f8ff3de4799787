"""A long line: the excerpt shows a window around the column."""
from multiprocessing import Pool

DATA = [1, 2, 3]


def main():
    with Pool() as pool:
        return pool.map(lambda x: x, DATA) if DATA else [item_0, item_1, item_2, item_3, item_4, item_5, item_6, item_7, item_8, item_9, item_10, item_11, item_12, item_13, item_14, item_15, item_16, item_17, item_18, item_19, item_20, item_21, item_22, item_23, item_24, item_25, item_26, item_27, item_28, item_29, item_30, item_31, item_32, item_33, item_34, item_35, item_36, item_37, item_38, item_39, item_40, item_41, item_42, item_43, item_44, item_45, item_46, item_47, item_48, item_49, item_50, item_51, item_52, item_53, item_54, item_55, item_56, item_57, item_58, item_59, pool.map(lambda y: y, DATA)]


if __name__ == "__main__":
    main()
