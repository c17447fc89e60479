d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0))
print(list(d.keys()), list(d.values()), list(d.items()))
print("a" in d, "z" in d, 1 in d)
print(d.setdefault("a", 100), d.setdefault("e", 5), d)
print(d.pop("e"), d.pop("zz", "missing"))
d.update({"x": 9}, y=10)
d.update([("w", 0)])
print(d)
print(d.popitem(), d)
c = d.copy()
c["a"] = -1
print(d["a"], c["a"])
print(dict.fromkeys("abc", 0), dict.fromkeys([1, 2]))
for k in d:
    print(k, end=" ")
print()
for k, v in sorted(d.items()):
    print(k, v, end="; ")
print()
print({1: "a"} == {1: "a"}, {1: "a"} != {1: "b"})
d2 = {1: 1, 1.0: 2, True: 3}
print(d2)
print(sorted(d.keys()) == ["a", "b", "c", "x", "y"])
del d["a"]
d["a"] = 1
print(list(d))
nested = {"outer": {"inner": [1, 2]}}
print(nested["outer"]["inner"][1])
try:
    d.pop("nokey")
except KeyError as e:
    print("KeyError", e)
try:
    {}.popitem()
except KeyError as e:
    print("KeyError", e)
try:
    {[1]: 2}
except TypeError as e:
    print(e)
print(repr({"q": "s", 2: None, (1, 2): [3]}))
print(len({}), bool({}), bool({0: 0}))
m = {}
m |= {"p": 1}
print(m | {"q": 2})
