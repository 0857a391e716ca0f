"""Django's Redis cache, keeping one Redis client per connection pool.

Django's own client builds a new ``redis.Redis`` object for every cache call,
which sets up some two hundred reply handlers each time; pages that read the
page-cache generations several times paid for that on every read. A client is
safe to share (its connections come from the pool), so one is made per pool and
reused. Everything else is Django's ``RedisCache``.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
