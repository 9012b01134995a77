// Stand-in for the "server-only" package under vitest: the real one throws unless bundled for the server.
export {};
