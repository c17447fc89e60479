# Python-to-Python calls run in the caller's eval loop and use no native stack:
# only sys.getrecursionlimit() bounds their depth, and exceptions travel through
# every frame with a traceback entry for each.
import sys

sys.setrecursionlimit(60000)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(50000))


def runaway(n):
    return runaway(n + 1)


try:
    runaway(0)
except RecursionError as e:
    print("RecursionError:", e)
sys.setrecursionlimit(1000)


def divide(a, b):
    return a / b


def middle(x):
    try:
        return divide(x, 0)
    except ZeroDivisionError as e:
        print("caught", e)
        return last(x)


def last(x):
    return divide(x, 0)


def gen():
    yield middle(1)


try:
    list(gen())
except ZeroDivisionError as e:
    print("through a generator:", e)
print(divide(1, 2))
middle(3)
