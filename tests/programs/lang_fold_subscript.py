# Subscripts of constants by constant integers fold at compile time, as CPython's AST
# optimiser folds them (co_consts, identity and the 'is' SyntaxWarning follow).
def f():
    return "abc"[1], (1, (2, 3), 4)[1], b"xyz"[-1], "héllo"[1], (5, 6)[True]
print(f(), f.__code__.co_consts)
def g():
    return "abc"[5]
try:
    g()
except IndexError as e:
    print("IndexError:", e)
x = "q"
print(x is "abc"[0])
print((1, 2)[0:1], "abc"[::2])
