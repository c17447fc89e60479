# Weak proxies answer isinstance through their referent's class; WeakValueDictionary,
# WeakKeyDictionary and WeakSet are collections.abc classes, as in CPython.
import collections.abc
import gc
import weakref
from collections.abc import Mapping, MutableMapping, MutableSet, Set, Sized, Iterable


class Node:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Node(%r)" % self.name


class Caller(Node):
    def __call__(self):
        return self.name


n = Node("n")
p = weakref.proxy(n)
print("proxy", isinstance(p, Node), isinstance(p, (int, Node)), isinstance(p, weakref.ProxyType),
      isinstance(p, weakref.ProxyTypes), isinstance(p, object), isinstance(p, Caller))
print("class", p.__class__, type(p))
c = Caller("c")
cp = weakref.proxy(c)
print("callable proxy", isinstance(cp, Node), isinstance(cp, Caller), isinstance(cp, weakref.CallableProxyType),
      cp())
del n
try:
    isinstance(p, Node)
except ReferenceError as e:
    print("dead proxy:", e)
print("dead proxy is a ProxyType:", isinstance(p, weakref.ProxyType))


class Claims:
    # An object may name another class through __class__.
    @property
    def __class__(self):
        return Node


print("claims", isinstance(Claims(), Node), isinstance(Claims(), Claims), type(Claims()).__name__)

for cls in (weakref.WeakValueDictionary, weakref.WeakKeyDictionary, weakref.WeakSet):
    print(cls.__name__, cls.__module__, [b.__name__ for b in cls.__mro__])
    obj = cls()
    print("  abc", [isinstance(obj, a) for a in (Mapping, MutableMapping, Set, MutableSet, Sized, Iterable)])
print(repr(type(weakref.WeakSet())))

keep = [Node(i) for i in range(4)]
wv = weakref.WeakValueDictionary({i: keep[i] for i in range(3)})
print(len(wv), wv.get(1), wv.get(9, "missing"), 2 in wv, sorted(wv.keys()))
print("eq", wv == {0: keep[0], 1: keep[1], 2: keep[2]}, wv == {0: keep[0]}, wv != {})
print(wv.setdefault(3, keep[3]), wv.pop(0), sorted(wv))
wv.update({5: keep[0]}, six=keep[1])
print(sorted(wv, key=str))
wv.clear()
print("cleared", len(wv), list(wv.items()))

wk = weakref.WeakKeyDictionary()
for k in keep:
    wk[k] = k.name
print(len(wk), wk[keep[1]], keep[2] in wk, wk.get(Node("x"), "no"))
print("eq", wk == dict((k, k.name) for k in keep), wk == {})
del keep[0]
gc.collect()
print(len(wk), sorted(wk.values()))
wk.clear()
print("cleared", len(wk))

ws = weakref.WeakSet(keep)
print(len(ws), keep[0] in ws, isinstance(ws, Set), ws == set(keep), ws <= set(keep))
ws.discard(keep[0])
print(len(ws))

print(collections.abc.Mapping.__module__, collections.abc.MutableMapping.__name__,
      isinstance({}, Mapping), isinstance(wv, dict))
