# Pairs of local-variable and global instructions run fused; their second half must
# still fail (and point at itself in the traceback) exactly as it would alone.


def second_unbound():
    a = 1
    try:
        print(a, b)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    b = 2
    print(a, b, a + b)


second_unbound()


def store_then_load():
    x, y = 1, 2
    x = y + 10
    del y
    try:
        x = 3
        print(x, y)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    z = 5
    return z + x


print(store_then_load())


def const_then_unbound():
    try:
        return 1 + q
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    q = 0
    return 1 + q


print(const_then_unbound())


def missing_global():
    return undefined_function(1)


try:
    missing_global()
except NameError as e:
    print("NameError:", e)


def caller():
    value = 4
    return divide(value, 0)


def divide(a, b):
    return a // b


caller()
