# client/: the nsctl command (owned by the client work; see client/*.c)
