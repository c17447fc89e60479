# Built-in types' slots are reachable as dunder methods: explicitly, through super()
# in subclasses, and unbound on the type.
class D(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 2)
    def __getitem__(self, k):
        return dict.__getitem__(self, k) + 1
    def __delitem__(self, k):
        print("del", k)
        super().__delitem__(k)
    def __contains__(self, k):
        return super().__contains__(k) or k == "any"
d = D()
d["a"] = 1
print(d["a"], d, "a" in d, "any" in d, "zz" in d)
del d["a"]
print(d)
class L(list):
    def __len__(self):
        return super().__len__() + 100
    def __iter__(self):
        yield "start"
        yield from super().__iter__()
print(len(L([1])), list(L([1, 2])))
print([].__len__(), [1].__getitem__(0), (1, 2).__contains__(2), "ab".__len__(), {1: 2}.__getitem__(1))
for o in [iter([1]), iter((1,)), iter("a"), iter(range(1)), iter({1: 2}), iter({1}), iter(b"a"),
          map(int, "1"), zip("a"), enumerate("a")]:
    print(type(o).__name__, o.__next__(), o.__iter__() is o)
    try:
        o.__next__()
    except StopIteration as e:
        print("  exhausted", e.args)
print(list.__len__, dict.__setitem__, str.__getitem__, type(list.__len__([1, 2])))
print(repr([].__len__).split(" at ")[0])
try:
    list.__len__({})
except TypeError as e:
    print("TypeError", e)
try:
    [].__getitem__()
except TypeError as e:
    print("TypeError", e)

# A generator's return value reaches next() and `yield from`, and nothing else.
def gen():
    yield 1
    return 5
for x in gen():
    print(x)
g = gen()
print(g.__next__())
try:
    g.__next__()
except StopIteration as e:
    print("StopIteration", e.value)
g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)
g = gen()
next(g)
print(next(g, "default"))
print(list(gen()), tuple(gen()), sorted(gen()), [x for x in gen()], set(gen()), sum(gen()))
def outer():
    r = yield from gen()
    print("returned", r)
print(list(outer()), *gen(), max(gen()), any(gen()))

# object's and type's slots are slot wrappers too.
class A:
    pass
a = A()
print(object.__repr__, object.__init__, object.__eq__, object.__sizeof__)
print(repr(a.__init__).split(" at ")[0], repr(a.__repr__).split(" at ")[0], repr(a.__sizeof__).split(" at ")[0])
print(type.__call__, type.__init__)
try:
    type.__call__(5)
except TypeError as e:
    print(e)
try:
    object.__repr__()
except TypeError as e:
    print(e)
