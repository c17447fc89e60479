# sys._getframe: frame objects of running and finished frames, f_back, f_locals.
import gc
import sys


def where(fr):
    return (fr.f_code.co_name, fr.f_lineno)


def callee():
    fr = sys._getframe()
    print("self", where(fr), "caller", where(fr.f_back), "depth 1", where(sys._getframe(1)))
    print("same object", sys._getframe() is fr, sys._getframe(1) is fr.f_back)
    print("globals", fr.f_globals is globals(), "builtins", fr.f_builtins is __builtins__.__dict__)
    print("code", fr.f_code is callee.__code__, type(fr).__name__, fr.f_trace)
    return fr


def caller():
    return callee()


fr = caller()
print("finished", where(fr), "back", where(fr.f_back), where(fr.f_back.f_back))
print("module frame back", sys._getframe().f_back, sys._getframe().f_locals is globals())
print("chain from module", where(fr.f_back.f_back) == where(sys._getframe()))
print(repr(fr).startswith("<frame at 0x"), repr(fr).split(",", 1)[1])
del fr

# Negative depths mean the caller's frame; too deep is a ValueError.
print(sys._getframe(-3).f_code.co_name)
for depth in (1, 2, 50):
    try:
        sys._getframe(depth)
    except ValueError as e:
        print(depth, type(e).__name__, e)
for args in [(1, 2), ("a",), (1.5,), (2**70,)]:
    try:
        sys._getframe(*args)
    except Exception as e:
        print(args, type(e).__name__, e)
try:
    sys._getframe(depth=0)
except TypeError as e:
    print(e)


# f_locals: a dict kept with the frame, refreshed on each read; it holds the locals.
def refs():
    x = object()
    print("before", sys.getrefcount(x))
    fr = sys._getframe()
    print("frame only", sys.getrefcount(x))
    loc = fr.f_locals
    print("f_locals", sorted(loc), sys.getrefcount(x))
    y = 5
    print("refreshed", sorted(fr.f_locals), fr.f_locals is loc, locals() is loc)
    del y
    print("after del", sorted(fr.f_locals))
    del loc
    print("dict kept", sys.getrefcount(x))


refs()


def with_cells(a, b):
    c = a + b

    def inner(d):
        e = d + c
        return sys._getframe()

    print("outer", sorted(sys._getframe().f_locals.items(), key=str)[:3])
    return inner(10)


inner_frame = with_cells(1, 2)
print("inner", inner_frame.f_locals)
del inner_frame


def unbound():
    fr = sys._getframe()
    later = fr.f_locals.copy()
    value = 1
    return later, fr


later, fr = unbound()
print(sorted(later), sorted(fr.f_locals))
del later, fr


# locals() in a function is the same dict; eval and exec see the function's variables.
def evaluate(n):
    m = n * 2
    print(eval("n + m"), eval("m", {"m": 100}), eval("m", None, {"m": 7}))
    exec("extra = n + m")
    print(sorted(locals()), locals()["extra"])


evaluate(4)


# A finished frame held by a traceback keeps its locals alive until the traceback goes.
class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def fails():
    keep = Noisy("local of fails")
    raise KeyError("k")


try:
    fails()
except KeyError as e:
    tb = e.__traceback__
    print("tb", tb.tb_frame.f_code.co_name, tb.tb_lineno, tb.tb_next.tb_frame.f_code.co_name)
    inner = tb.tb_next.tb_frame
    print("inner locals", sorted(inner.f_locals), inner.f_lineno, where(inner.f_back))
    del tb
print("handler done")
del inner
print("frame released")


# A frame object kept in its own locals is a cycle the collector frees.
def selfref():
    me = sys._getframe()
    obj = Noisy("in a frame cycle")
    return None


gc.collect()
selfref()
print("collected", gc.collect() > 0)


# A generator's frame has no f_back once it is suspended or finished.
def gen():
    fr = sys._getframe()
    print("running back", fr.f_back.f_code.co_name)
    yield fr
    yield 2


g = gen()
gfr = next(g)
print("suspended back", gfr.f_back)
print(list(g), gfr.f_back, gfr.f_code.co_name)
del g, gfr


class Body:
    attr = 1
    print("class", sorted(sys._getframe().f_locals), sys._getframe().f_locals is locals())
    print("class back", sys._getframe(1).f_code.co_name)



def counts():
    fr = sys._getframe()
    return sys.getrefcount(fr), sys.getrefcount(sys._getframe())


print("frame refcounts", counts())


def small():
    return sys._getframe()


def larger(a, b, *rest, **kw):
    total = a + b

    def uses_total():
        return total

    return sys._getframe()


print("frame sizes", sys.getsizeof(small()), sys.getsizeof(larger(1, 2)))
