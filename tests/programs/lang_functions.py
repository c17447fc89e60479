def f(a, b=2, *args, c=3, **kw):
    return (a, b, args, c, sorted(kw.items()))
print(f(1))
print(f(1, 5))
print(f(1, 5, 6, 7))
print(f(1, c=9, z=0, y=1))
print(f(*[1, 2, 3]))
print(f(**{'a': 1, 'b': 2, 'q': 3}))
def kwonly(*, x, y=1):
    return x + y
print(kwonly(x=5))
def posonly(a, b, /, c):
    return a * b + c
print(posonly(2, 3, c=4))
sq = lambda x: x * x
print(sq(7), (lambda *a: len(a))(1, 2, 3))
def deflist(x, acc=[]):
    acc.append(x)
    return acc
print(deflist(1), deflist(2))
print(f.__name__, sq.__name__)
def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
print(rec(20))
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
print([fib(i) for i in range(15)])
def noreturn():
    pass
print(noreturn())
try:
    f()
except TypeError as e:
    print(e)
try:
    f(1, a=2)
except TypeError as e:
    print(e)
try:
    kwonly(1)
except TypeError as e:
    print(e)
try:
    sq(1, 2)
except TypeError as e:
    print(e)
def doc():
    "docstring"
    return 1
print(doc.__doc__)
def apply(fn, *a, **k):
    return fn(*a, **k)
print(apply(f, 1, 2, c=4))
