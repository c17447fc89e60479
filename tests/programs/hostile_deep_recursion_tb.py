def a(n):
    if n == 0:
        return 1 / 0
    return a(n - 1)
a(50)
