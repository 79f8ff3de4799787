"""Thumbnails in a thread pool with Pillow: concur cannot see whether the library releases the
GIL (Pillow does, for resizing), so it says nothing."""
from concurrent.futures import ThreadPoolExecutor

from PIL import Image


def thumbnail(path):
    with Image.open(path) as im:
        im.thumbnail((128, 128))
        im.save(path + ".thumb.png")


def main(paths):
    with ThreadPoolExecutor() as ex:
        list(ex.map(thumbnail, paths))
