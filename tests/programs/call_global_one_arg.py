# f(x): a global function called with one local argument, the commonest call there is.
# References, recursion limits, tracebacks and rebinding behave as for any call.
import sys


def count(x):
    return sys.getrefcount(x)


def through(x):
    return count(x)


obj = object()
print(count(obj), through(obj))


def deep(n):
    return deep(n)


try:
    deep(1)
except RecursionError as e:
    print("RecursionError:", e)


def takes_two(a, b=2):
    return a + b


def calls_default(x):
    return takes_two(x)


print(calls_default(40))


def rebound(x):
    return "first"


def caller(x):
    return rebound(x)


print(caller(1))
rebound = lambda x: "second"
print(caller(1))
rebound = len
print(caller("abc"))


def gen(x):
    yield x


def calls_gen(x):
    return list(gen(x))


print(calls_gen(5))


def boom(x):
    return 1 / x


def call(x):
    return boom(x)


call(0)
