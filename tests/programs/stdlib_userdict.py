# collections.UserDict: a dict-like class around the real dict `data`.
import sys
from collections import UserDict

d = UserDict({"b": 2}, a=1)
print(d, repr(d), d.data, type(d.data).__name__, len(d), list(d), d["a"])
print(UserDict(), UserDict([("x", 1)]), UserDict(dict=3), UserDict(UserDict(q=1)))
print("a" in d, "z" in d, d.get("a"), d.get("z"), d.get("z", 0))
print(d.keys(), d.values(), d.items(), type(d.keys()).__name__)
print(sorted(d.keys() & {"a", "c"}), list(d.items()), 2 in d.values())
d["c"] = 3
del d["b"]
print(d, d.pop("c"), d.pop("zz", None), d.setdefault("a", 9), d.setdefault("n", 5), d)
try:
    d.pop("missing")
except KeyError as e:
    print("KeyError", e)
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e)
try:
    del d["missing"]
except KeyError as e:
    print("KeyError", e)

# popitem takes the first key (MutableMapping's), not the last as dict does.
p = UserDict(x=1, y=2, z=3)
print(p.popitem(), p)
p.clear()
try:
    p.popitem()
except KeyError as e:
    print("KeyError", repr(e))
p.update({"a": 1}, b=2)
p.update([("c", 3)])
p.update(UserDict(d=4))
print(p, p == {"a": 1, "b": 2, "c": 3, "d": 4}, p == UserDict(p), p != {}, p == [1])

# Operators and copies.
u = UserDict(a=1)
print(u | {"b": 2}, {"b": 2} | u, u | UserDict(c=3), type(u | {}).__name__)
print(u.__or__(1), u.__ror__(1))
u |= {"z": 26}
u |= UserDict(y=25)
print(u)
c = u.copy()
c["new"] = 0
print(u, c, type(c).__name__, c.data is u.data)
print(UserDict.fromkeys("ab"), UserDict.fromkeys(range(2), 0))
try:
    hash(u)
except TypeError as e:
    print(e)
try:
    reversed(u)
except TypeError as e:
    print(e)


# Subclasses: __missing__, and copy going through __setitem__.
class Counting(UserDict):
    def __missing__(self, key):
        return 0


class Loud(UserDict):
    def __setitem__(self, key, value):
        print("  set", key, value)
        super().__setitem__(key, value.upper() if isinstance(value, str) else value)


cnt = Counting(a=1)
print(cnt["a"], cnt["nope"], cnt.get("nope"), "nope" in cnt, cnt)
loud = Loud(x="a")
loud.extra = "attribute"
copy = loud.copy()
print(type(copy).__name__, copy, copy.extra, copy.data is loud.data)
print(type(Loud.fromkeys("k", "v")).__name__)

# Attributes and sizes.
print(UserDict.__module__, UserDict.__qualname__, sorted(vars(UserDict(a=1))))
print(sys.getsizeof(UserDict()) == sys.getsizeof(Counting()))
print(type(iter(UserDict(a=1))).__name__, [k for k in UserDict(a=1, b=2)])
