# collections.ChainMap: lookups through several mappings, writes to the first.
import sys
from collections import ChainMap, OrderedDict

defaults = {"color": "red", "user": "guest", "size": 1}
overrides = {"user": "admin"}
cm = ChainMap(overrides, defaults)
print(cm, len(cm), list(cm), cm["user"], cm["color"], cm.get("missing", "dflt"))
print("user" in cm, "nope" in cm, bool(cm), bool(ChainMap()), bool(ChainMap({}, {})))
print(ChainMap(), ChainMap().maps, cm.maps[1] is defaults)
print(sorted(cm.items()), list(cm.keys()), list(cm.values()))
print(cm.keys(), type(cm.keys()).__name__, type(cm.keys()).__module__)
print(cm.items())

# Iteration order: the last mapping's keys first, each where it first appears.
a = {"x": 1, "y": 2}
b = {"y": 20, "z": 30, "w": 40}
c = {"w": 400, "v": 500}
print(list(ChainMap(a, b, c)), dict(ChainMap(a, b, c)))

# Writes and deletions touch only the first mapping.
cm["color"] = "blue"
cm["new"] = 1
print(overrides, defaults)
del cm["new"]
try:
    del cm["size"]
except KeyError as e:
    print("KeyError", e, type(e.__context__).__name__)
print(cm.pop("color"), cm.pop("color", "gone"))
try:
    cm.pop("size")
except KeyError as e:
    print("KeyError", e)
print(cm.popitem(), overrides)
try:
    cm.popitem()
except KeyError as e:
    print("KeyError", e)
try:
    cm["absent"]
except KeyError as e:
    print("KeyError", e)
cm.update({"k": 1}, j=2)
print(cm.maps[0], cm.setdefault("k", 9), cm.setdefault("q", 7), cm.maps[0])
cm.clear()
print(cm.maps, cm)

# new_child, parents, copy, fromkeys.
base = ChainMap({"a": 1})
child = base.new_child()
child["a"] = 2
print(child, child.parents, child.parents.maps[0] is base.maps[0])
print(base.new_child({"b": 2}), base.new_child(c=3), base.new_child({"d": 4}, e=5))
copied = child.copy()
copied["a"] = 99
print(child, copied, copied.maps[1] is child.maps[1])
print(ChainMap.fromkeys("ab"), ChainMap.fromkeys(["x"], 0))

# Operators.
left = ChainMap({"a": 1}, {"b": 2})
print(left | {"b": 3, "c": 4}, {"z": 0, "a": 9} | left, left)
left |= {"c": 5}
print(left)
print(left.__or__([1]), ChainMap().__ror__(1))
print(left == {"a": 1, "b": 2, "c": 5}, left == ChainMap({"a": 1, "c": 5, "b": 2}),
      left != {"a": 1}, left == [1])
try:
    hash(left)
except TypeError as e:
    print(e)
try:
    reversed(left)
except TypeError as e:
    print(e)


# __missing__ in a subclass; a subclass's repr and copy keep its class.
class DefaultChain(ChainMap):
    def __missing__(self, key):
        return f"<{key}>"


dc = DefaultChain({"a": 1})
print(dc["a"], dc["b"], dc.get("b"), "b" in dc, dc, type(dc.copy()).__name__,
      type(dc.parents).__name__)

# Other mappings, views and a recursive repr.
od = ChainMap(OrderedDict(b=1, a=2), {"c": 3})
print(od, list(od))
rec = ChainMap({})
rec.maps[0]["self"] = rec
print(rec)
view = ChainMap({"a": 1}, {"b": 2}).keys()
print("a" in view, sorted(view & {"a", "z"}), sorted(view | {"z"}), sorted(view - {"a"}),
      sorted(view ^ {"a", "z"}), view == {"a", "b"}, view <= {"a", "b", "c"},
      view.isdisjoint({"q"}))
items = ChainMap({"a": 1}).items()
print(("a", 1) in items, ("a", 2) in items, 1 in ChainMap({"a": 1}).values(), len(items))
print(type(iter(ChainMap())).__name__, sys.getsizeof(ChainMap()) > 0)
print(ChainMap.__module__, ChainMap.__name__, ChainMap.__qualname__)
