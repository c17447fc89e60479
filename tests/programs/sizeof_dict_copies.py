# Sizes of dicts copied and merged: dict(d), d.copy(), {**d} and update clone a clean
# table, share an instance dict's keys, or size the table once, as CPython's dict_merge
# and PyDict_Copy do.
import sys
class A:
    def __init__(self, n):
        for i in range(n):
            setattr(self, "a%d" % i, i)
for n in (0, 1, 3, 5, 6, 10, 11, 20, 30):
    a = A(n)
    d = dict(a.__dict__)
    print(n, sys.getsizeof(d), sys.getsizeof(a.__dict__), sys.getsizeof(dict(d)), sys.getsizeof({**a.__dict__}), sys.getsizeof(a.__dict__.copy()))
def sz(d):
    return sys.getsizeof(d)
for n in (0, 1, 5, 6, 10, 11, 21, 22, 43, 100):
    d = {("k%d" % i): i for i in range(n)}
    e = {i: i for i in range(n)}
    print(n, sz(d), sz(dict(d)), sz(d.copy()), sz({**d}), sz(dict(e)), sz(e.copy()), sz({**d, **e}))
    for i in range(0, n, 3):
        del d["k%d" % i]
    print("  after deletions", sz(d), sz(d.copy()), sz(dict(d)))
    base = {"x": 1, "y": 2}
    base.update(d)
    print("  update", sz(base), len(base))
class D(dict):
    pass
dd = D(a=1, b=2)
print(sz(dd.copy()), type(dd.copy()).__name__, sz(dict(dd)))
class M:
    def keys(self):
        return ["p", "q", "r"]
    def __getitem__(self, k):
        return k
print(sz(dict(M())), dict(M()))
mixed = {1: 1, "a": 2}
mixed.update({"b": 3, "c": 4, "d": 5, "e": 6, "f": 7, "g": 8})
print(sz(mixed), mixed)
