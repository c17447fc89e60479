class E: pass
for v in (1, "a\0b"):
    try: E.__name__ = v
    except Exception as e: print(type(e).__name__, e)
try: E.__qualname__ = 1
except Exception as e: print(type(e).__name__, e)
try: del E.__name__
except Exception as e: print(type(e).__name__, e)
try: del E.__qualname__
except Exception as e: print(type(e).__name__, e)
try: int.__name__ = "x"
except Exception as e: print(type(e).__name__, e)
E.__qualname__ = "Q.E"
print(E, E.__name__, '__name__' in E.__dict__, '__qualname__' in E.__dict__)
class M(type): pass
class F(metaclass=M): pass
F.__name__ = "G"
print(F, F.__name__, F.__qualname__)
class Outer:
    class Inner:
        pass
print(Outer.Inner, Outer.Inner.__qualname__)
Outer.Inner.__qualname__ = "Elsewhere"
Outer.Inner.__name__ = "Moved"
print(Outer.Inner, Outer.Inner.__name__, Outer.Inner.__qualname__, type(Outer.Inner()).__name__)
class S(str): pass
E.__name__ = S("fromsub")
print(E.__name__, type(E.__name__).__name__)
