# staticmethod(f) and classmethod(f) copy f's __module__, __name__, __qualname__,
# __doc__ and __annotations__ into their own __dict__, which the collector counts when a
# class with such methods becomes garbage.
import gc


def f():
    "the doc"


s = staticmethod(f)
c = classmethod(f)
print(s.__dict__)
print(c.__dict__ == s.__dict__, s.__name__, c.__qualname__, s.__doc__, s.__module__)
print(s.__func__ is f, s.__wrapped__ is f, c.__isabstractmethod__, f.__annotations__)
print(gc.is_tracked(s.__dict__), gc.get_referents(s)[0] is f)
s.extra = 1
print(s.extra, sorted(s.__dict__))
del s.extra
try:
    del s.extra
except AttributeError as e:
    print("AttributeError:", e)
f.__isabstractmethod__ = True
print(staticmethod(f).__isabstractmethod__)
f.__annotations__ = {"x": 1}
print(f.__annotations__, staticmethod(f).__annotations__)
f.__annotations__ = None
print(f.__annotations__)
try:
    f.__annotations__ = 5
except TypeError as e:
    print("TypeError:", e)


class Sub(staticmethod):
    pass


print(Sub(f).__name__, type(Sub(f)).__name__)

gc.collect()


def make():
    class K:
        @staticmethod
        def st():
            pass

        @classmethod
        def cm(cls):
            pass

        @property
        def p(self):
            return 1
    return K


K = make()
del K
print("collected", gc.collect())
