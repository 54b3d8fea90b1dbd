"""GraphQL operations run on their worker thread's own event loop, made once
(`api.graphql.schema.run_on_thread_loop`), and leave nothing running behind them."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from referral_graph.api.graphql.schema import run_on_thread_loop


async def _loop_id() -> int:
    return id(asyncio.get_running_loop())


def test_a_thread_keeps_its_loop_and_threads_do_not_share_one() -> None:
    with ThreadPoolExecutor(max_workers=1) as one, ThreadPoolExecutor(max_workers=1) as other:
        first = one.submit(run_on_thread_loop, _loop_id()).result()
        again = one.submit(run_on_thread_loop, _loop_id()).result()
        elsewhere = other.submit(run_on_thread_loop, _loop_id()).result()
    assert first == again  # made once per thread: no loop made and closed per request
    assert elsewhere != first


def test_what_an_operation_leaves_running_is_cancelled() -> None:
    left: list[asyncio.Task[None]] = []

    async def leaves_a_task() -> str:
        left.append(asyncio.get_running_loop().create_task(asyncio.sleep(3600)))
        return "answered"

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(run_on_thread_loop, leaves_a_task()).result() == "answered"
        assert left[0].cancelled()  # as asyncio.run would have done
        assert pool.submit(run_on_thread_loop, _loop_id()).result()  # the loop still works


def test_an_error_is_raised_to_the_caller_and_the_loop_goes_on() -> None:
    async def fails() -> None:
        raise ValueError("state: unknown")

    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pool.submit(run_on_thread_loop, fails()).result()
        except ValueError as e:
            assert "state" in str(e)
        else:
            raise AssertionError("the error was swallowed")
        assert pool.submit(run_on_thread_loop, _loop_id()).result()
