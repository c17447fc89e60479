import sys
name = "Tutorialspoint"
print("initial", sys.getrefcount(name))
other = "Tutorialspoint"
print("other", sys.getrefcount(name))
joined = name + " Python"
print("concat", sys.getrefcount(name), sys.getrefcount(joined))
lst = [name] * 3
print("list", sys.getrefcount(name))
del other
print("del other", sys.getrefcount(name))
del lst
print("del list", sys.getrefcount(name))
ab = "ab"
built = ab + "cd" + "ef"
print("built", sys.getrefcount(built))
interned = sys.intern(built)
print("interned", sys.getrefcount(built), interned is built)
s = "spaces are here"
print("non-ident const", sys.getrefcount(s))
def uses():
    return "Tutorialspoint"
print("used in func", sys.getrefcount(name))
up = name + "!"
print("upper", sys.getrefcount(up))
same = name[:]
print("full slice", same is name, sys.getrefcount(name))
st = str(name)
print("str()", st is name, sys.getrefcount(name))
