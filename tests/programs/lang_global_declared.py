# A name some function declares `global` is global in the module body too: with separate
# globals and locals, the module code stores and loads it in the globals.
g, l = {}, {}
exec("x = 1\ny = 2\ndef f():\n    global x\n    return x\nz = x + y\n", g, l)
print(sorted(k for k in g if k != "__builtins__"), sorted(l))
print(g["x"], l["y"], l["z"], l["f"]())

count = 0


def bump():
    global count
    count += 1


bump()
bump()
print(count)
del count
try:
    print(count)
except NameError as e:
    print(e)
