# object.__new__ and type.__new__ are built-in functions bound to their type, stored
# bare in the type's dict; other static methods of built-in types are staticmethods.
import sys


def show(x):
    text = repr(x)
    for name, t in (("object", object), ("type", type), ("str", str), ("bytes", bytes),
                    ("set", set), ("frozenset", frozenset)):
        text = text.replace(hex(id(t)), name.upper())
    return f"{type(x).__name__}: {text}"


class A:
    pass


class Meta(type):
    pass


for x in (object.__new__, type.__new__, A.__new__, A().__new__, Meta.__new__,
          object.__dict__["__new__"], type.__dict__["__new__"],
          set.__new__, frozenset.__new__, str.maketrans, bytes.maketrans):
    print(show(x))
print(type(str.__dict__["maketrans"]).__name__, type(bytes.__dict__["maketrans"]).__name__)
print(object.__new__ is object.__new__, A.__new__ is object.__new__,
      object.__dict__["__new__"] is object.__new__, Meta.__new__ is type.__new__)
print(object.__new__.__self__ is object, type.__new__.__self__ is type)
print(object.__new__.__name__, object.__new__.__qualname__, type.__new__.__qualname__,
      str.maketrans.__qualname__, [].append.__qualname__, len.__qualname__)
print(sys.getsizeof(object.__new__), sys.getsizeof(type.__new__))


# Calling them explicitly, directly or through super().
class B(A):
    def __new__(cls, *args):
        inst = super().__new__(cls)
        inst.args = args
        return inst


class C:
    def __new__(cls):
        return object.__new__(cls)


class M2(type):
    def __new__(mcls, name, bases, ns):
        return type.__new__(mcls, name, bases, ns)


print(B(1, 2).args, type(C()).__name__, type(M2("X", (), {})).__name__)
print(type(object.__new__(A)).__name__, type(type.__new__(type, "Y", (), {})).__name__)
print(str.maketrans("ab", "xy"), "abc".translate(str.maketrans("ab", "xy")))
for call in (lambda: object.__new__(), lambda: object.__new__(1),
             lambda: type.__new__(int), lambda: type.__new__(),
             lambda: A(1), lambda: object.__new__(A, 1)):
    try:
        call()
    except TypeError as e:
        print(e)


class WithInit:
    def __init__(self, *args):
        self.args = args


class NewPassesArgs:
    def __new__(cls, *args):
        return super().__new__(cls, *args)


print(type(object.__new__(WithInit, 1, 2)).__name__)
try:
    NewPassesArgs(1)
except TypeError as e:
    print(e)
