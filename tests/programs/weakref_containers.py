# WeakValueDictionary, WeakKeyDictionary and WeakSet: entries leave when their referents
# die, by reference counting or by the collector.
import gc
import weakref

gc.disable()


class Item:
    def __init__(self, n):
        self.n = n

    def __repr__(self):
        return "Item(%d)" % self.n

    def __eq__(self, other):
        return isinstance(other, Item) and self.n == other.n

    def __hash__(self):
        return hash(self.n)


print("--- WeakValueDictionary")
items = [Item(i) for i in range(6)]
wvd = weakref.WeakValueDictionary()
for it in items:
    wvd["k%d" % it.n] = it
del it
print(len(wvd), sorted(wvd), "k3" in wvd, "zz" in wvd, wvd["k2"], wvd.get("k9", "default"))
print(repr(wvd).startswith("<WeakValueDictionary at 0x"), type(wvd.keys()).__name__)
del items[2]
print(len(wvd), sorted(wvd.keys()), "k2" in wvd, wvd.get("k2"))
try:
    wvd["k2"]
except KeyError as e:
    print("KeyError", e)
print(sorted(wvd.items(), key=lambda kv: kv[0]))
print(sorted(v.n for v in wvd.values()))
wvd["extra"] = items[0]
print(wvd.pop("extra"), wvd.pop("missing", "none"), wvd.setdefault("k0", None), len(wvd))
del wvd["k5"]
print(sorted(wvd), len(wvd.valuerefs()))
snapshot = wvd.copy()
print(type(snapshot).__name__, sorted(snapshot))
items.clear()
print(len(wvd), len(snapshot), list(wvd.items()))
kw = weakref.WeakValueDictionary({1: Item(1)}, two=Item(2))
print(len(kw))

print("--- values in a cycle go at the next collection")
a = Item(100)
b = Item(200)
a.other = b
b.other = a
cyc = weakref.WeakValueDictionary(a=a, b=b)
del a, b
print(len(cyc), gc.collect(), len(cyc))

print("--- entries dying during iteration are removed afterwards")
pool = [Item(i) for i in range(8)]
wvd = weakref.WeakValueDictionary((i, x) for i, x in enumerate(pool))
seen = []
for k in wvd:
    seen.append(k)
    if k == 2:
        del pool[4:]
print(seen[:3], len(wvd), sorted(wvd))

print("--- WeakKeyDictionary")
keys = [Item(i) for i in range(5)]
wkd = weakref.WeakKeyDictionary()
for k in keys:
    wkd[k] = k.n * 10
del k
print(len(wkd), sorted(wkd.values()), keys[1] in wkd, Item(1) in wkd, 5 in wkd)
print(wkd[keys[3]], wkd.get(Item(4)), wkd.get(Item(42), "absent"))
print(repr(wkd).startswith("<WeakKeyDictionary at 0x"))
last = keys.pop()
print(len(wkd))
del last
print(len(wkd), sorted(k.n for k in wkd.keys()))
print(sorted((k.n, v) for k, v in wkd.items()))
wkd[keys[0]] = "changed"
print(wkd[keys[0]], wkd.pop(keys[1]), wkd.setdefault(keys[2], "x"), len(wkd))
del wkd[keys[3]]
print(len(wkd), len(wkd.keyrefs()))
keys.clear()
print(len(wkd), list(wkd.items()))

print("--- WeakSet")
members = [Item(i) for i in range(5)]
ws = weakref.WeakSet(members)
print(len(ws), sorted(x.n for x in ws), members[0] in ws, Item(0) in ws, 3 in ws)
ws.add(members[0])
ws.discard(members[1])
ws.remove(members[2])
print(len(ws), sorted(x.n for x in ws))
try:
    ws.remove(members[2])
except KeyError:
    print("KeyError on remove")
other = weakref.WeakSet(members[3:])
print(sorted(x.n for x in ws | other), sorted(x.n for x in ws & other),
      sorted(x.n for x in ws - other), ws == weakref.WeakSet(members[::3] + members[4:]))
print(other <= ws, ws >= other, ws.isdisjoint(weakref.WeakSet(members[1:3])))
members.pop()
print(len(ws), len(other), sorted(x.n for x in other))
copy = ws.copy()
members.clear()
print(len(ws), len(copy), list(ws))
empty = weakref.WeakSet()
try:
    empty.pop()
except KeyError as e:
    print("KeyError", e)
print("--- end")
