# Slot wrappers of built-in types: wrapper_descriptor in the type's dict, method-wrapper
# when bound, with CPython's names, reprs, attributes, sizes and errors.
import gc
import sys

d = list.__len__
lst = [1, 2, 3]
m = lst.__len__
print(type(d), type(m), type(d).__name__, type(m).__name__)
print(repr(d), repr(m).startswith("<method-wrapper '__len__' of list object at 0x"))
print(d.__name__, d.__qualname__, d.__objclass__)
print(m.__name__, m.__qualname__, m.__self__ is lst, m.__objclass__)
print(d(lst), m(), d.__get__(lst)(), d.__get__(None, list) is d)
print(sys.getsizeof(d), sys.getsizeof(m), sys.getsizeof(list.append), sys.getsizeof(lst.append))
print(gc.is_tracked(d), gc.is_tracked(m), m in gc.get_referrers(lst), gc.get_referents(m) == [d, lst])
print(m == lst.__len__, m != lst.__len__, m == [].__len__, hash(m) == hash(lst.__len__))

for obj, name in [(object, "__init__"), (object, "__eq__"), (object, "__repr__"), (int, "__add__"),
                  (int, "__neg__"), (str, "__getitem__"), (list, "__getitem__"), (dict, "__getitem__"),
                  (dict, "__contains__"), (set, "__contains__"), (list, "__contains__"),
                  (type(iter([])), "__next__"), (type(len), "__call__"), (list, "append"),
                  (type(lambda: 0), "__get__"), (dict, "__setitem__"), (float, "__mul__")]:
    attr = getattr(obj, name)
    print(obj.__name__, name, type(attr).__name__, type(getattr(obj(), name) if obj not in (type(iter([])), type(len), type(lambda: 0)) else None).__name__)

print(type(iter([]).__next__).__name__, type(len.__call__).__name__, type((lambda: 0).__get__).__name__)
print(int.__add__(2, 3), (2).__add__(3), (2).__add__("x"), object.__eq__(1, 1))
it = iter([7, 8])
nx = it.__next__
print(nx(), nx(), repr(nx).startswith("<method-wrapper '__next__' of list_iterator object"))
try:
    nx()
except StopIteration:
    print("StopIteration")

for call in (lambda: list.__len__(), lambda: list.__len__("abc"), lambda: int.__add__("a", 1),
             lambda: (lambda: 0).__get__(None, None)):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)


class L(list):
    def __len__(self):
        return 42 + list.__len__(self)


x = L([1])
print(len(x), L.__len__.__qualname__, type(L.__len__).__name__, type(x.__len__).__name__, list.__len__(x))
print(super(L, x).__len__(), type(super(L, x).__len__).__name__)

# A cycle through a method-wrapper is collected like any other.
class Holder:
    pass


h = Holder()
h.m = h.__init__
del h
print("collected", gc.collect())
