# Weak references: creation, sharing, identity and equality, callbacks on refcount death.
import sys
import weakref


def addr(text, *objs):
    for i, o in enumerate(objs):
        text = text.replace(hex(id(o)), "<%d>" % i)
    return text


class C:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "C(%s)" % self.name


class Callback:
    """A callable with a stable repr, so 'Exception ignored in' lines are reproducible."""

    def __init__(self, tag, fail=False):
        self.tag = tag
        self.fail = fail

    def __call__(self, wr):
        print("callback", self.tag, "dead:", wr() is None)
        if self.fail:
            raise ValueError("callback %s failed" % self.tag)

    def __repr__(self):
        return "<Callback %s>" % self.tag


print("--- basic refs")
a = C("a")
before = sys.getrefcount(a)
r = weakref.ref(a)
print(r() is a, sys.getrefcount(a) == before)
print(weakref.ref(a) is r, weakref.ref(a, None) is r)
print(sys.getsizeof(r), type(r).__name__, type(r) is weakref.ReferenceType)
print(weakref.ref is weakref.ReferenceType, r.__callback__)
print(sys.getrefcount(r))
r2 = weakref.ref(a)
print(sys.getrefcount(r))
print(addr(repr(r), r, a))
print(hash(r) == hash(a), r == weakref.ref(a, Callback("x")), r != weakref.ref(a))
print(a.__weakref__ is r, C("tmp").__weakref__)


def func():
    pass


print(addr(repr(weakref.ref(func)), weakref.ref(func), func))
print(addr(repr(weakref.ref(C)), weakref.ref(C), C))

print("--- the list: basic ref and proxy first, then newest first")
b = C("b")
cb1 = Callback(1)
w1 = weakref.ref(b, cb1)
w2 = weakref.ref(b, Callback(2))
plain = weakref.ref(b)
px = weakref.proxy(b)
w3 = weakref.ref(b, Callback(3))
refs = weakref.getweakrefs(b)
print(weakref.getweakrefcount(b), len(refs))
print([x is plain for x in refs])
print([x is px for x in refs])
print([x is w3 for x in refs], [x is w1 for x in refs])
print(w1.__callback__ is cb1, b.__weakref__ is plain)
del refs
h1 = hash(w1)
print("deleting b")
del b
print("after del:", w1(), w2(), plain(), w3(), addr(repr(plain), plain))
print(hash(w1) == h1, weakref.getweakrefcount(C("z")))
try:
    hash(weakref.ref(C("gone")))
except TypeError as e:
    print("TypeError:", e)

print("--- equality of dead references")
c = C("c")
e1 = weakref.ref(c, Callback("e1"))
e2 = weakref.ref(c, Callback("e2"))
print(e1 == e2, e1 is e2)
del c
print(e1 == e2, e1 == e1, e1 != e2)

print("--- an exception in a callback is reported and ignored")
d = C("d")
bad = weakref.ref(d, Callback("bad", fail=True))
good = weakref.ref(d, Callback("good"))
del d
print("still running")

print("--- a callback that outlives nothing")
e = C("e")
tmp = weakref.ref(e, Callback("never"))
del tmp
del e
print("no callback for a dead weakref")

print("--- what can be weakly referenced")


def gen():
    yield 1


class L(list):
    pass


class Slotted:
    __slots__ = ("x",)


class SlottedWeak:
    __slots__ = ("x", "__weakref__")


class E(Exception):
    pass


samples = [1, 2.5, "s", (1,), [1], {}, set(), frozenset(), func, gen(), C("i"),
           C("m").__repr__, L(), Slotted(), SlottedWeak(), E(), Exception(), int, C,
           len, sys, object(), None, b"b", bytearray(), range(2), func.__code__]
for o in samples:
    try:
        weakref.ref(o)
        print(type(o).__name__, "ok")
    except TypeError as ex:
        print(type(o).__name__, "->", ex)

print("--- argument checking")
for call in [lambda: weakref.ref(), lambda: weakref.ref(a, None, 3),
             lambda: weakref.ref(a, callback=None), lambda: weakref.ref(a)(1),
             lambda: weakref.ref(a)(x=1), lambda: weakref.ref(a) < weakref.ref(a)]:
    try:
        call()
    except TypeError as ex:
        print("TypeError:", ex)
try:
    r.__callback__ = None
except AttributeError as ex:
    print("AttributeError:", ex)

print("--- subclasses of ref")


class Named(weakref.ref):
    def __init__(self, ob, callback=None, label="?"):
        super().__init__(ob, callback)
        self.label = label


class Keyed(weakref.ref):
    __slots__ = ("key",)

    def __new__(cls, ob, callback, key):
        self = weakref.ref.__new__(cls, ob, callback)
        self.key = key
        return self

    def __init__(self, ob, callback, key):
        super().__init__(ob, callback)


f = C("f")
n = Named(f, label="first")
print(type(n).__name__, n.label, n() is f, isinstance(n, weakref.ref), n is weakref.ref(f))
print(sys.getsizeof(n), sys.getsizeof(Keyed(f, None, 1)), n == weakref.ref(f))
k = Keyed(f, Callback("keyed"), "K")
print(k.key, k() is f, weakref.getweakrefcount(f))
wn = weakref.ref(n)
print(wn() is n, n.__weakref__ is wn)
del f
print(n(), k(), n.label, k.key)
kr = weakref.KeyedRef(a, None, "key")
print(type(kr).__name__, kr.key, kr() is a)
del n
print(wn())
print("--- end")
