# weakref.proxy: an object that forwards to its referent while it lives and raises
# ReferenceError afterwards.
import sys
import weakref


def addr(text, *objs):
    for i, o in enumerate(objs):
        text = text.replace(hex(id(o)), "<%d>" % i)
    return text


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(self.x + other.x, self.y + other.y)
        return Vec(self.x + other, self.y + other)

    def __radd__(self, other):
        return Vec(other + self.x, other + self.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __eq__(self, other):
        return isinstance(other, Vec) and (self.x, self.y) == (other.x, other.y)

    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)

    __hash__ = object.__hash__

    def __bool__(self):
        return bool(self.x or self.y)

    def __str__(self):
        return "(%s, %s)" % (self.x, self.y)

    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)

    def norm1(self):
        return abs(self.x) + abs(self.y)


print("--- forwarding")
v = Vec(1, 2)
p = weakref.proxy(v)
print(type(p).__name__, type(p) is weakref.ProxyType, p.x, p.y, p.norm1())
print(str(p), p + 1, 1 + p, p + Vec(10, 10), p * 3, -p)
print(p == v, p == Vec(1, 2), p != v, p < Vec(5, 0), Vec(0, 0) < p, bool(p))
print(addr(repr(p), p, v))
print(p.__class__.__name__, sys.getsizeof(p))
p.z = 3
print(v.z)
del p.z
print(hasattr(v, "z"))
q = p
q += 1
print(type(q).__name__, q, v)
print(weakref.proxy(v) is p, weakref.proxy(v, None) is p, weakref.proxy(v, print) is p)
print(weakref.getweakrefcount(v), [type(w).__name__ for w in weakref.getweakrefs(v)])
try:
    hash(p)
except TypeError as e:
    print("TypeError:", e)
try:
    p()
except TypeError as e:
    print("TypeError:", e)

print("--- containers through a proxy")


class Bag(list):
    pass


bag = Bag([3, 1, 2])
pb = weakref.proxy(bag)
print(len(pb), pb[0], pb[-1], 2 in pb, 9 in pb, list(pb), sorted(pb), [x * 2 for x in pb])
pb[0] = 30
pb.append(4)
del pb[1]
print(bag, pb.count(30), pb.index(4))


class Counter:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > self.n:
            raise StopIteration
        return self.i


it = Counter(3)
pit = weakref.proxy(it)
print(next(pit), list(pit))
try:
    next(weakref.proxy(v))
except TypeError as e:
    print("TypeError:", e)

print("--- callable proxies")


class Greeter:
    def __call__(self, who):
        return "hello " + who


def double(x):
    return 2 * x


gr = Greeter()
pg = weakref.proxy(gr)
pd = weakref.proxy(double)
print(type(pg).__name__, pg("you"), pd(21), pd.__name__)
print(weakref.ProxyTypes == (weakref.ProxyType, weakref.CallableProxyType))
try:
    class Sub(weakref.ProxyType):
        pass
except TypeError as e:
    print("TypeError:", e)

print("--- after the referent dies")
dead_log = []
pcb = weakref.proxy(v, lambda wr: dead_log.append(type(wr).__name__))
del v, q
print("callback ran:", dead_log)
print(addr(repr(p), p, None))
checks = [
    ("attr", lambda: p.x),
    ("setattr", lambda: setattr(p, "x", 1)),
    ("str", lambda: str(p)),
    ("add", lambda: p + 1),
    ("radd", lambda: 1 + p),
    ("neg", lambda: -p),
    ("eq", lambda: p == 1),
    ("bool", lambda: bool(p)),
    ("len", lambda: len(weakref.proxy(Bag()))),
    ("call", lambda: pg("x")),
]
del gr
for name, check in checks:
    try:
        print(name, check())
    except ReferenceError as e:
        print(name, "ReferenceError:", e)
try:
    hash(p)
except TypeError as e:
    print("TypeError:", e)
print("--- end")
