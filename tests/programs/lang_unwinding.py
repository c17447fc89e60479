# Leaving blocks early: `continue`, `break` and `return` unwind every `with`, `try` and
# `except` they leave, in a loop or in a `finally` body.
import sys


class Ctx:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, *exc):
        print("exit", self.name)
        return False


# `continue` straight out of a `with` or `try` in a loop.
for i in range(2):
    with Ctx(i):
        continue

for i in range(2):
    try:
        raise ValueError(i)
    except ValueError:
        continue
print(sys.exc_info())

for i in range(2):
    try:
        continue
    finally:
        print("finally", i)

for i in range(2):
    with Ctx("outer"):
        with Ctx("inner"):
            if i:
                continue
        print("after inner", i)


# A `break` or `continue` in a `finally` run by a `return` drops the value returned.
def break_after_return(x):
    for count in [0, 1]:
        count2 = 0
        while count2 < 20:
            count2 += 10
            try:
                return count + count2
            finally:
                if x:
                    break
    return "end", count, count2


def continue_after_return(x):
    for count in [0, 1]:
        try:
            return count
        finally:
            if x:
                continue
    return "end"


def return_after_return(x):
    try:
        return "first"
    finally:
        if x:
            return "second"


print(break_after_return(False), break_after_return(True))
print(continue_after_return(False), continue_after_return(True))
print(return_after_return(False), return_after_return(True))


# Leaving a `finally` run for an exception restores the exception handled before.
def return_from_finally():
    try:
        raise ValueError
    finally:
        return sys.exc_info()[0]


def break_from_finally():
    for i in range(2):
        try:
            raise KeyError
        finally:
            break
    return sys.exc_info()


print(return_from_finally(), sys.exc_info())
print(break_from_finally())
try:
    raise TypeError("outer")
except TypeError:
    print(return_from_finally(), sys.exc_info()[0])
    print(break_from_finally()[0])
