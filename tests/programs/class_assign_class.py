# Assigning __class__: allowed between classes whose instances have the same layout; the
# instance keeps its attributes (now in a dict) and its reference count.
import sys


class A:
    def __init__(self):
        self.x = 1

    def who(self):
        return "A"


class B:
    def who(self):
        return "B"


a = A()
before = sys.getrefcount(a)
print(sys.getrefcount(A), sys.getrefcount(B))
a.__class__ = B
print(type(a).__name__, a.who(), a.x, a.__dict__, isinstance(a, B), isinstance(a, A))
print(sys.getrefcount(a) == before, sys.getrefcount(A), sys.getrefcount(B))
a.y = 2
print(sorted(vars(a)))
a.__class__ = A
print(a.who())


class S1:
    __slots__ = ("p",)


class S2:
    __slots__ = ("q",)


class S3(S1):
    pass


for target in [S2, S3, int, 5]:
    s = S1()
    try:
        s.__class__ = target
        print("assigned", type(s).__name__)
    except TypeError as e:
        print("TypeError:", e)

for obj in [1, [], "s"]:
    try:
        obj.__class__ = B
    except TypeError as e:
        print("TypeError:", e)
try:
    del a.__class__
except TypeError as e:
    print("TypeError:", e)
