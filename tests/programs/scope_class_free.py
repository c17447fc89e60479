# A class body that binds a name its methods take from the enclosing function: the name
# is the class's own in the class namespace, and the methods still see the function's
# variable (CPython keeps it as a free variable of the class code too).


def outer(x):
    class C:
        x = 12

        def m(self):
            return x

        y = x

    return C


C = outer(1)
print(C.x, C.y, C().m())


def outer2():
    count = 0

    class Counter:
        count = "class attribute"

        def bump(self):
            nonlocal count
            count += 1
            return count

    c = Counter()
    c.bump()
    c.bump()
    return Counter.count, count


print(outer2())


def outer3(v):
    class K:
        global v_global
        v_global = "global from class body"

        def get(self):
            return v

    return K().get()


print(outer3("enclosing"), v_global)
print(C.__qualname__, C.m.__code__.co_freevars)
