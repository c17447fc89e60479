# sys.getsizeof of an instance's materialised __dict__: CPython 3.11 keeps it a split
# table over the class's shared keys, counting one value slot per usable shared key.
import sys, gc


def make_class(n):
    src = "class C:\n    def __init__(self):\n"
    src += "".join(f"        self.a{i} = {i}\n" for i in range(n)) or "        pass\n"
    ns = {}
    exec(src, ns)
    return ns["C"]


for n in [0, 1, 2, 5, 10, 20, 28, 29, 30, 31, 40]:
    C = make_class(n)
    a = C()
    d = a.__dict__
    first = sys.getsizeof(d)
    b = C()
    second = sys.getsizeof(b.__dict__)
    d["new"] = 1
    print(n, first, second, sys.getsizeof(d), sys.getsizeof(a.__dict__))


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


points = [Point(i, i) for i in range(40)]
print([sys.getsizeof(p.__dict__) for p in points[::5]])
p = Point(1, 2)
d = vars(p)
print(sys.getsizeof(d))
del d["x"]
print(sys.getsizeof(d), d)
d[3] = "non-str key"
print(sys.getsizeof(d), d)
q = Point(3, 4)
dq = q.__dict__
dq.clear()
print(sys.getsizeof(dq))
r = Point(5, 6)
dr = r.__dict__
r2 = Point(7, 8)
print(sys.getsizeof(dr), dr.popitem(), sys.getsizeof(dr))

# The dict outlives its instance and class.
kept = Point(9, 9).__dict__
del Point, points, p, q, r, r2
gc.collect()
print(sys.getsizeof(kept), kept)
