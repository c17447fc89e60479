# Calls with *args and **kwargs, and CPython's messages when they are misused.
def f(*a, **k):
    return a, k


print(f(*[1, 2]), f(*(1,)), f(*range(3)), f(1, *[2], 3, *(4,)))
print(f(**{"x": 1}), f(1, **{"y": 2}), f(*"ab", z=3), f(x=1, **{"y": 2}))


class Mapping:
    def keys(self):
        return ["p", "q"]

    def __getitem__(self, k):
        return k * 2


print(f(**Mapping()), {**Mapping(), "r": 1})


class C:
    def m(self, *a):
        return a


for bad in [
    "f(*1)",
    "f(1, *2)",
    "print(*1)",
    "f(**1)",
    "f(**{1: 2})",
    "f(x=1, **{'x': 2})",
    "C().m(**[])",
    "C().m(*None)",
    "{**1}",
    "len(**{'a': 1}, **{'a': 2})",
]:
    try:
        eval(bad)
    except TypeError as e:
        print(bad, "->", e)
