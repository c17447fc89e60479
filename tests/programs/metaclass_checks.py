class M(type): pass
def attempt(f):
    try:
        r = f()
        print("ok", r if not isinstance(r, type) else r.__name__)
    except Exception as e:
        print(type(e).__name__ + ":", e)
attempt(lambda: type.__new__(M, "x", (5,), {}))
attempt(lambda: type("x", (int, str), {}))
attempt(lambda: M("x", (int, M), {}))
attempt(lambda: type.__new__(M, 1, (), {}))
def k():
    class Q(int, type): pass
attempt(k)
def k2():
    class Q(type):
        __slots__ = ()
    return Q("R", (), {})
attempt(k2)
attempt(lambda: type.__prepare__("a", (), x=1))
attempt(lambda: M.__call__(M, "Z", (), {}))
attempt(lambda: type.__getattribute__(M, "__name__"))
attempt(lambda: type.__getattribute__(M, 5))
attempt(lambda: type.__setattr__(M, "q", 1) or M.q)
attempt(lambda: type.__delattr__(M, "q") or hasattr(M, "q"))
attempt(lambda: type.__setattr__(int, "q", 1))
attempt(lambda: isinstance(3, (M, int)))
attempt(lambda: issubclass(3, M))
attempt(lambda: issubclass(M, (M, 3)))
attempt(lambda: isinstance(3, (M, 3)))
attempt(lambda: isinstance(3, (int, 5)))
attempt(lambda: isinstance(3, (str, 5)))
attempt(lambda: issubclass(3, (int,)))
attempt(lambda: issubclass(3, 5))
attempt(lambda: issubclass(int, 5))
attempt(lambda: issubclass(int, ((str,), (object,))))
attempt(lambda: isinstance(3, ()))
