import sys


def area(width=1, height):
    return width * height


print(area(2, 3))
