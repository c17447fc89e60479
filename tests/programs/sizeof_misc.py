import sys
print("range(10)", sys.getsizeof(range(10)))
print("range(0)", sys.getsizeof(range(0)))
print("range big", sys.getsizeof(range(2**40)))
def f(): pass
print("function", sys.getsizeof(f))
print("lambda", sys.getsizeof(lambda: 0))
print("code", sys.getsizeof(f.__code__) > 0)
def outer():
    x = 1
    def inner():
        return x
    return inner
cl = outer()
print("closure fn", sys.getsizeof(cl))
print("cell", sys.getsizeof(cl.__closure__[0]))
print("closure tuple", sys.getsizeof(cl.__closure__))
print("module sys", sys.getsizeof(sys))
print("builtin len", sys.getsizeof(len))
print("builtin method", sys.getsizeof([].append))
print("iter list", sys.getsizeof(iter([])))
print("iter tuple", sys.getsizeof(iter(())))
print("iter range", sys.getsizeof(iter(range(3))))
print("iter str", sys.getsizeof(iter("abc")))
print("iter dict", sys.getsizeof(iter({})))
print("slice", sys.getsizeof(range(10)[1:2]), sys.getsizeof([1,2,3][::2]))
def gen():
    yield 1
print("BaseException", sys.getsizeof(BaseException()))
print("ValueError", sys.getsizeof(ValueError("x")))
print("enumerate", sys.getsizeof(enumerate([])))
print("zip", sys.getsizeof(zip([], [])))
print("map", sys.getsizeof(map(f, [])))
print("filter", sys.getsizeof(filter(None, [])))
print("reversed", sys.getsizeof(reversed([])))
