"""The Redis cache backend (healthsite.cache) behaves as Django's, reusing its client."""

import pytest

from healthsite.cache import RedisCache


@pytest.fixture
def redis_cache():
    cache = RedisCache("redis://127.0.0.1:6379/14", {"KEY_PREFIX": "backend-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_it_stores_reads_and_counts_like_any_cache(redis_cache):
    redis_cache.set("article", {"title": "Night cramps", "comments": [1, 2]}, timeout=60)
    assert redis_cache.add("generation", 5)
    assert not redis_cache.add("generation", 9)
    assert redis_cache.incr("generation") == 6

    assert redis_cache.get_many(["article", "generation", "missing"]) == {
        "article": {"title": "Night cramps", "comments": [1, 2]},
        "generation": 6,
    }
    redis_cache.delete("article")
    assert redis_cache.get("article") is None


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    redis_cache.set("x", 1)
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client() is client  # one server: reads and writes share the pool


def test_replies_are_read_by_the_c_parser(redis_cache):
    # hiredis (requirements.txt) reads replies in C; without it redis-py quietly
    # falls back to its pure-Python parser, which costs every page a little more.
    redis_cache.set("x", 1)
    pool = redis_cache._cache._get_connection_pool(write=True)
    connection = pool.get_connection()
    try:
        assert "Hiredis" in type(connection._parser).__name__
    finally:
        pool.release(connection)
