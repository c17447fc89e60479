import functools
from functools import wraps, partial, reduce, lru_cache, cache, cmp_to_key, total_ordering, update_wrapper

def deco(f):
    @wraps(f)
    def inner(*a, **k):
        """inner doc"""
        return f(*a, **k) * 2
    return inner

@deco
def add(a, b):
    """Add two numbers."""
    return a + b

print(add(2, 3), add.__name__, add.__doc__, add.__qualname__, add.__wrapped__.__name__)

def mul(a, b, c=1):
    return a * b * c
p = partial(mul, 3)
print(p(4), p(4, c=2), p.func is mul, p.args, p.keywords)
print(repr(partial(mul, 2, c=5)).split(" at ")[0])
print(repr(partial(len, "ab", x=[1])))
pp = partial(p, 5)
print(pp(), pp.args)
print(reduce(lambda a, b: a + b, [1, 2, 3, 4]))
print(reduce(lambda a, b: a * b, [1, 2, 3, 4], 10))
print(reduce(lambda a, b: a + b, [], 0))
try:
    reduce(lambda a, b: a + b, [])
except TypeError as e:
    print("TypeError:", e)

@lru_cache(maxsize=2)
def sq(x):
    print("computing", x)
    return x * x
print(sq(2), sq(3), sq(2), sq(4), sq(3))
print(sq.cache_info())
ci = sq.cache_info()
print(ci.hits, ci.misses, ci.maxsize, ci.currsize)
sq.cache_clear()
print(sq.cache_info())

@cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60), fib.cache_info())

@lru_cache
def ident(x):
    return x
print(ident(1), ident(1), ident.cache_info(), ident.__name__)

def cmp(a, b):
    return (a > b) - (a < b)
print(sorted([3, 1, 2], key=cmp_to_key(cmp)))
print(sorted(["bb", "a", "ccc"], key=cmp_to_key(lambda a, b: len(b) - len(a))))

@total_ordering
class V:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
    def __lt__(self, o):
        return self.v < o.v
a, b = V(1), V(2)
print(a < b, a > b, a <= b, a >= b, a <= V(1), a >= V(1))
try:
    @total_ordering
    class W:
        pass
except ValueError as e:
    print("ValueError:", e)

def f(): pass
def g():
    "gdoc"
update_wrapper(f, g)
print(f.__name__, f.__doc__)
print(fib.__wrapped__.__name__)
class P(partial):
    pass
print(repr(P(len, 1)))
try:
    partial(1)
except TypeError as e:
    print("TypeError:", e)
print(type(partial(len)).__name__, isinstance(partial(len), partial))
print(fib.cache_parameters(), sq.cache_parameters())
try:
    lru_cache("x")
except TypeError as e:
    print("TypeError:", e)

@lru_cache(maxsize=None, typed=True)
def t(x):
    return type(x).__name__
print(t(1), t(1.0), t(True), t.cache_info())

@lru_cache(maxsize=0)
def z(x):
    return x
print(z(1), z(1), z.cache_info())

@lru_cache()
def kw(a, b=2):
    return a + b
print(kw(1), kw(1, b=2), kw(a=1), kw(1), kw.cache_info())
print(functools.reduce(max, [3, 9, 2]))
