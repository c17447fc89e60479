def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count(5)))
def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    return received
g = echo()
print(next(g))
print(g.send("a"))
print(g.send("b"))
try:
    g.send(None)
except StopIteration as e:
    print("return value", e.value)
def inner():
    yield 1
    yield 2
    return "inner-done"
def outer():
    r = yield from inner()
    print("inner returned", r)
    yield 3
print(list(outer()))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
gen = (i * 2 for i in range(3))
print(next(gen), next(gen), next(gen))
try:
    next(gen)
except StopIteration:
    print("exhausted")
def g2():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
it = g2()
print(next(it))
it.close()
print("closed")
def delegating():
    yield from range(3)
    yield from "ab"
print(list(delegating()))
print(next(iter([]), "default"))
def early():
    return 5
    yield
try:
    next(early())
except StopIteration as e:
    print("early", e.value)
print(type(count(1)).__name__)
