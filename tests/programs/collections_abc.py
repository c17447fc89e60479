# collections.abc and abc: the ABCs, isinstance through registration and __subclasshook__,
# mixin methods, abstract classes refusing instantiation.
from collections.abc import *
import collections.abc, abc
vals = [{}, [], (), "s", b"b", bytearray(), set(), frozenset(), range(3), {}.keys(), {}.items(), {}.values(),
        type.__dict__, iter([]), (x for x in ()), len, 1, 1.5, None, object()]
for A in (Hashable, Iterable, Iterator, Generator, Reversible, Sized, Container, Callable, Collection,
          Set, MutableSet, Mapping, MutableMapping, MappingView, KeysView, ItemsView, ValuesView,
          Sequence, MutableSequence, ByteString):
    print(A.__name__, [isinstance(v, A) for v in vals])
class MyMap(Mapping):
    def __init__(self, d): self.d = d
    def __repr__(self): return "MyMap(%r)" % self.d
    def __getitem__(self, k): return self.d[k]
    def __iter__(self): return iter(self.d)
    def __len__(self): return len(self.d)
m = MyMap({1: 2, 3: 4})
print(m.get(1), 5 in m, list(m.keys()), list(m.items()), list(m.values()), m == {1: 2, 3: 4}, m.keys(), m.keys() & {1})
print(MyMap.__mro__, type(MyMap))
class MyList(MutableSequence):
    def __init__(self): self.l = []
    def __getitem__(self, i): return self.l[i]
    def __setitem__(self, i, v): self.l[i] = v
    def __delitem__(self, i): del self.l[i]
    def __len__(self): return len(self.l)
    def insert(self, i, v): self.l.insert(i, v)
ml = MyList(); ml.extend([3, 1, 2]); ml.append(5); ml.reverse(); print(ml.l, ml.pop(), ml.index(1), ml.count(3), 3 in ml, list(reversed(ml)))
ml += [9]; print(ml.l)
class R: pass
Sized.register(R)
print(issubclass(R, Sized), isinstance(R(), Collection), Sized.register(R) is R)
try: Sized.register(1)
except TypeError as e: print(e)
try: Collection.register(Sized)
except RuntimeError as e: print(e)
class B(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
    @abc.abstractmethod
    def g(self): ...
try: B()
except TypeError as e: print(e)
class C(B):
    def f(self): return 1
    def g(self): return 2
print(C().f(), C.__abstractmethods__, type(B), B.__mro__)
class S(MutableSet):
    def __init__(self, it=()): self.s = set(it)
    def __contains__(self, x): return x in self.s
    def __iter__(self): return iter(self.s)
    def __len__(self): return len(self.s)
    def add(self, x): self.s.add(x)
    def discard(self, x): self.s.discard(x)
s = S([1, 2, 3])
print(sorted(s | {4}), sorted(s & {1, 2}), sorted(s - {1}), sorted(s ^ {1, 5}), s <= {1, 2, 3, 4}, s == {1, 2, 3}, s._hash() == hash(frozenset({1,2,3})))
s -= {1}; s |= {7}; print(sorted(s.s)); s.remove(7); print(sorted(s.s))
print(isinstance(s, Set), issubclass(S, Hashable), issubclass(list, Hashable), issubclass(tuple, Hashable))
import collections
print(collections.abc is collections.abc, type(collections.UserDict), [c.__name__ for c in collections.UserList.__mro__])
print(isinstance(collections.ChainMap(), MutableMapping), isinstance(collections.UserString("x"), Sequence),
      isinstance(collections.OrderedDict(), MutableMapping), isinstance(collections.deque(), Sized))
print(type.__dict__.get("__call__") is not None, callable(len), hash(frozenset()) == Set._hash(frozenset()))
for v in ({}.keys(), {}.items(), type.__dict__):
    try:
        hash(v)
    except TypeError as e:
        print(e)
print(list(reversed(type("X", (), {"a": 1}).__dict__))[:2])
import abc as abc_module
print(abc_module.ABCMeta.__module__, abc_module.ABC.__abstractmethods__, abc_module.get_cache_token() > 0)
