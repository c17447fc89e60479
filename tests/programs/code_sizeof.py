# sys.getsizeof of code objects: 184 bytes plus two per code unit of CPython 3.11's
# bytecode (inline caches and EXTENDED_ARGs included), rounded up to 8.
import sys

CodeType = type(sys._getframe().f_code)


def codes(co):
    yield co
    for c in co.co_consts:
        if isinstance(c, CodeType):
            yield from codes(c)


def show(f):
    print(f.__name__, [sys.getsizeof(c) for c in codes(f.__code__)])


# --- simple bodies


def empty():
    pass


def docstring_only():
    "A docstring."


def docstring_and_pass():
    "A docstring."
    pass


def constant_statements():
    1
    "not a docstring"
    ...


def return_constant():
    return 42


def return_multiline_constant():
    return (
        "a long"
        " string"
    )


def return_expression(a, b):
    return a * b + a // b - (a ** 2) % 7


def folded(x):
    return (1, 2) + (3,), b"ab" * 3, -True, 2 ** -2, 1e308 * 10, 7.5 // 2, "a" * 3, x


# --- conditions


def if_else(x):
    if x:
        a = 1
    else:
        a = 2
    return a


def if_else_at_end(x):
    if x:
        print(1)
    else:
        print(2)


def elif_chain(x):
    if x == 1:
        return "one"
    elif x == 2:
        return "two"
    elif x > 10:
        y = "big"
    else:
        y = "other"
    return y


def nested_ifs_at_end(x, y):
    if x:
        if y:
            print("both")
        else:
            print("x")
    else:
        print("none")


def is_none_tests(x, y):
    if x is None:
        x = 0
    if y is not None and not x:
        return y
    return x if x is not None else y


def boolean_logic(a, b, c):
    if a and (b or not c):
        return 1
    if (a or b) and c:
        return 2
    return a and b or c


def chained_comparisons(a, b, c):
    if a < b < c:
        return b
    ok = 0 <= a < 10 <= b
    return ok and a == b != c


def conditional_in_condition(a, b, c):
    if (a if b else c):
        return 1
    return not (a in b) and not (b is c)


def constant_conditions():
    if 0:
        print("never")
    if True:
        x = 1
    while False:
        x = 2
    return x


# --- loops


def while_loop(n):
    total = 0
    while n > 0:
        total += n
        n -= 1
    return total


def while_true_break(items):
    i = 0
    while True:
        if i >= len(items):
            break
        if items[i] < 0:
            i += 1
            continue
        i += 2
    else:
        i = -1
    return i


def while_compound_test(a, b):
    while a and b or a > 100:
        a -= 1
    return a


def for_loop(xs):
    out = []
    for x in xs:
        if x % 2:
            continue
        if x > 100:
            break
        out.append(x)
    else:
        out.append(None)
    return out


def for_over_constants():
    for c in [1, 2, 3]:
        print(c)
    for k in "abc":
        print(k)
    return 5 in {1, 2, 3, 4}


def nested_loops(grid):
    found = None
    for row in grid:
        for cell in row:
            if cell:
                found = cell
                break
        else:
            continue
        break
    return found


def loop_return(xs):
    for x in xs:
        if x:
            return x
        for y in x:
            return y
    return None


# --- exceptions


def try_except(f):
    try:
        f()
    except ValueError as e:
        print(e)
    except (TypeError, KeyError):
        print("type or key")
    except:
        print("other")
        raise


def try_except_else_finally(f):
    try:
        r = f()
    except Exception:
        r = None
    else:
        r = r + 1
    finally:
        print("done")
    return r


def try_finally_return(f):
    try:
        return f()
    finally:
        print("cleanup")


def return_constant_in_try():
    try:
        return 1
    finally:
        print("cleanup")


def continue_in_try(xs):
    for x in xs:
        try:
            if x:
                continue
            x()
        except ValueError:
            continue
        finally:
            print("next")


def break_in_finally(x):
    for count in [0, 1]:
        try:
            return count
        finally:
            if x:
                break
    return "end"


def raise_from(x):
    try:
        x()
    except KeyError as e:
        raise ValueError("bad") from e
    raise


# --- with


class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def with_statement():
    with Ctx() as c:
        print(c)


def with_two_items():
    with Ctx() as a, Ctx() as b:
        return a, b


def with_in_loop(n):
    for i in range(n):
        with Ctx():
            if i:
                continue
            print(i)


def nested_with():
    with Ctx():
        with Ctx() as inner:
            pass
    return inner


# --- calls


def calls(f, obj, args, kwargs):
    f()
    f(1, 2)
    f(1, key=2)
    f(*args)
    f(*args, **kwargs)
    f(1, *args, 2, key=3, **kwargs)
    f(**kwargs)
    f(a=1, **kwargs, b=2)
    obj.method(1, x=2)
    obj.attr.method()
    return sys.getsizeof(obj)


def many_arguments(f):
    return f(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
             21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, x=1, y=2)


def many_keywords(f):
    return f(a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, j=10, k=11, l=12, m=13,
             n=14, o=15, p=16)


def method_many_arguments(obj):
    return obj.m(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                 21, 22, 23, 24, 25, 26, 27, 28, 29, 30)


# --- displays and comprehensions


def displays(a, b, rest):
    t = (a, b)
    l = [a, b, 1]
    c = [1, 2, 3]
    s = {a, b}
    cs = {1, 2, 3}
    d = {"x": a, "y": b}
    d1 = {a: b}
    merged = {**rest, "k": 1, **rest}
    starred = [*rest, a, *rest]
    tup = (a, *rest)
    return t, l, c, s, cs, d, d1, merged, starred, tup


def big_displays(a):
    lst = [a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a]
    dct = {1: a, 2: a, 3: a, 4: a, 5: a, 6: a, 7: a, 8: a, 9: a, 10: a, 11: a, 12: a, 13: a,
           14: a, 15: a, 16: a, 17: a}
    return lst, dct


def comprehensions(xs):
    a = [x * 2 for x in xs if x]
    b = {x for x in xs}
    c = {x: y for x, y in xs if x if y}
    d = list(x for x in xs)
    e = [(x, y) for x in xs for y in xs if x != y]
    f = [y for x in xs for y in [x + 1]]
    return a, b, c, d, e, f


def unpacking(pair, seq):
    a, b = pair
    b, a = a, b
    first, *rest = seq
    x = y = z = first
    return a, b, rest, x, y, z


def augmented(obj, d, k):
    obj.count += 1
    d[k] -= 2
    d[k][0] *= 3
    k **= 2
    return k


# --- functions, closures, generators


def closure(x):
    def inner(y):
        return x + y
    return inner


def nonlocal_counter():
    count = 0

    def bump():
        nonlocal count
        count += 1
        return count
    return bump


def defaults(a, b=1, *args, c, d=2, **kw):
    return a, b, args, c, d, kw


def with_lambdas():
    key = lambda x: -x
    pair = lambda a, b=2: (a, b)
    return sorted([3, 1, 2], key=key), pair(1)


def annotated(a: int, b: "str" = "", *args: float, **kw: dict) -> list:
    x: int = 1
    y: list
    return [a, b, x]


def generator(n):
    i = 0
    while i < n:
        got = yield i
        if got:
            i = got
        i += 1


def delegating(a, b):
    yield from a
    result = yield from b
    return result


def decorated_function():
    def deco(f):
        return f

    @deco
    @deco
    def target():
        return 1
    return target


# --- classes


class Plain:
    x = 1

    def method(self):
        return self.x


class WithDocAndSuper(Plain):
    "Doc."
    y: int = 2
    z: str

    def method(self):
        return super().method() + 1

    @property
    def prop(self):
        return self.y

    @staticmethod
    def static(a):
        return a


def class_in_function(base):
    class Local(base, metaclass=type):
        attr = base

        def get(self):
            return self.attr
    return Local


# --- formatting


def fstrings(x, y, width):
    a = f"{x}"
    b = f"x={x!r}, y={y:>10}"
    c = f"{x=}"
    d = f"{x:{width}.{width}}"
    e = f"plain"
    g = f"a" "b" f"{x}" "c"
    h = f""
    return a, b, c, d, e, g, h


def percent_formats(x, y):
    a = "%s and %r" % (x, y)
    b = "%5s|%-3a|%.2s" % (x, y, x)
    c = "%d" % (x,)
    d = "100%% %s" % (x,)
    return a, b, c, d


# --- assorted statements


def assorted(x, items):
    global G
    assert x, "x must be set"
    assert items
    del items[0]
    G = x
    import sys as s
    from sys import getsizeof as sz
    return s, sz


def walrus(data):
    if (n := len(data)) > 3:
        return n
    while (chunk := data[:2]):
        data = data[2:]
    return [y for x in data if (y := x * 2)]


# --- EXTENDED_ARG: arguments above 255


def many_constants():
    return [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
        23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
        44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64,
        65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85,
        86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105,
        106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,
        123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139,
        140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156,
        157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173,
        174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190,
        191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207,
        208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224,
        225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241,
        242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258,
        259, 260, x,
    ]


def many_globals():
    return (g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, g12, g13, g14, g15, g16, g17,
            g18, g19, g20, g21, g22, g23, g24, g25, g26, g27, g28, g29, g30, g31, g32, g33,
            g34, g35, g36, g37, g38, g39, g40, g41, g42, g43, g44, g45, g46, g47, g48, g49,
            g50, g51, g52, g53, g54, g55, g56, g57, g58, g59, g60, g61, g62, g63, g64, g65,
            g66, g67, g68, g69, g70, g71, g72, g73, g74, g75, g76, g77, g78, g79, g80, g81,
            g82, g83, g84, g85, g86, g87, g88, g89, g90, g91, g92, g93, g94, g95, g96, g97,
            g98, g99, g100, g101, g102, g103, g104, g105, g106, g107, g108, g109, g110, g111,
            g112, g113, g114, g115, g116, g117, g118, g119, g120, g121, g122, g123, g124,
            g125, g126, g127, g128, g129, g130)


def long_jumps(x):
    if x:
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
    else:
        x = 0
    while x:
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        print(x, x, x, x, x, x, x, x, x, x)
        x -= 1
    return x


for f in [
    empty, docstring_only, docstring_and_pass, constant_statements, return_constant,
    return_multiline_constant, return_expression, folded, if_else, if_else_at_end,
    elif_chain, nested_ifs_at_end, is_none_tests, boolean_logic, chained_comparisons,
    conditional_in_condition, constant_conditions, while_loop, while_true_break,
    while_compound_test, for_loop, for_over_constants, nested_loops, loop_return,
    try_except, try_except_else_finally, try_finally_return, return_constant_in_try,
    continue_in_try, break_in_finally, raise_from, with_statement, with_two_items,
    with_in_loop, nested_with, calls, many_arguments, many_keywords,
    method_many_arguments, displays, big_displays, comprehensions, unpacking,
    augmented, closure, nonlocal_counter, defaults, with_lambdas, annotated, generator,
    delegating, decorated_function, class_in_function, fstrings, percent_formats,
    assorted, walrus, many_constants, many_globals, long_jumps,
    Plain.method, WithDocAndSuper.method, WithDocAndSuper.static,
]:
    show(f)

# Code compiled from a string, and this module's own code.
ns = {}
exec("def from_exec(a, b):\n    for i in a:\n        yield i + b\n", ns)
show(ns["from_exec"])
print("module", sys.getsizeof(sys._getframe().f_code))
for c in sys._getframe().f_code.co_consts:
    if isinstance(c, CodeType) and c.co_name in ("Plain", "WithDocAndSuper", "Ctx"):
        print("class", c.co_name, [sys.getsizeof(k) for k in codes(c)])
