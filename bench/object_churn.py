# object_churn: create and drop many small instances.
# Each iteration allocates a few short-lived objects that die at once
# (refcount reaches zero), exercising the small-object allocator's free lists.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Point(self.x + other.x, self.y + other.y)


class Box:
    def __init__(self, value):
        self.value = value
        self.next = None


def churn(n):
    total = 0
    origin = Point(0, 0)
    i = 0
    while i < n:
        p = Point(i, i + 1)
        q = p.add(origin)
        b = Box(q)
        b.next = Box(p)
        total = (total + b.value.x + b.next.value.y) % 1000000007
        i += 1
    return total


def main():
    checksum = 0
    for round in range(5):
        checksum = (checksum * 31 + churn(90000)) % 1000000007
    print("object_churn checksum", checksum)


main()
