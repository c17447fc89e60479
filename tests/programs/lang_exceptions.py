def div(a, b):
    try:
        r = a / b
    except ZeroDivisionError as e:
        print("caught", type(e).__name__, e)
        return None
    else:
        print("else ran")
        return r
    finally:
        print("finally ran")
print(div(1, 2))
print(div(1, 0))
try:
    raise ValueError("bad value")
except (TypeError, ValueError) as e:
    print("tuple catch", repr(e))
try:
    [][1]
except LookupError as e:
    print("LookupError", type(e).__name__, e)
try:
    {}["k"]
except LookupError as e:
    print("LookupError", type(e).__name__, e)
try:
    int("xyz")
except Exception as e:
    print(type(e).__name__, e)
class MyError(Exception):
    pass
class Sub(MyError):
    def __init__(self, code):
        super().__init__("code %d" % code)
        self.code = code
try:
    raise Sub(42)
except MyError as e:
    print("custom", e, e.code, e.args, isinstance(e, Exception))
try:
    try:
        raise KeyError("inner")
    except KeyError:
        raise
except KeyError as e:
    print("reraised", repr(e))
def f():
    try:
        return "try"
    finally:
        print("finally before return")
print(f())
def g():
    try:
        raise ValueError
    finally:
        return "swallowed"
print(g())
try:
    raise TypeError
except TypeError as e:
    print(repr(e), str(e) == "", e.args)
print(issubclass(ZeroDivisionError, ArithmeticError), issubclass(KeyError, LookupError))
print(issubclass(UnboundLocalError, NameError), issubclass(RecursionError, RuntimeError))
print(issubclass(Exception, BaseException), issubclass(KeyboardInterrupt, Exception))
print(ZeroDivisionError.__mro__)
e = ValueError(1, "two")
print(e.args, str(e), repr(e))
try:
    raise RuntimeError("x") from ValueError("y")
except RuntimeError as e:
    print(repr(e.__cause__), e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise IndexError("z")
except IndexError as e:
    print(repr(e.__context__))
