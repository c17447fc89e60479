# instance_creation: many instances of a small class hierarchy are kept
# alive together, then dropped at once (a large batch of frees).


class Shape:
    def __init__(self, name):
        self.name = name
        self.tags = []

    def area(self):
        return 0


class Rect(Shape):
    def __init__(self, name, w, h):
        Shape.__init__(self, name)
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, name, side):
        Rect.__init__(self, name, side, side)
        self.tags.append("square")


def make_batch(n, seed):
    shapes = []
    for i in range(n):
        k = (i + seed) % 3
        if k == 0:
            shapes.append(Shape("s" + str(i)))
        elif k == 1:
            shapes.append(Rect("r" + str(i), i % 17, i % 11))
        else:
            shapes.append(Square("q" + str(i), i % 23))
    return shapes


def main():
    checksum = 0
    for round in range(18):
        shapes = make_batch(30000, round)
        total = 0
        for s in shapes:
            total += s.area() + len(s.tags)
        checksum = (checksum + total + len(shapes)) % 1000000007
        shapes = None
    print("instance_creation checksum", checksum)


main()
