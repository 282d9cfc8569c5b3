"""The page benchmark calls an export's memory flat when reading on costs no more than reading
its start, and its peak stays under a ceiling; not when it merely exceeds the demo's peak."""

from django.http import HttpResponse, StreamingHttpResponse

from benchmarks.bench_pages import EARLY_CHUNKS, MEMORY_CEILING, export_memory, verdict
from ui.spreadsheet import CHUNK_SIZE

MB = 1_000_000
ROW = 2_000  # characters a row holds while its chunk is in memory


def export(early, later, rows_later=5_000, *, peak=None, small_peak=400_000):
    small = {"status": 200, "queries": 6, "median": 0.02, "p95": 0.03, "bytes": 5_000}
    small["peak_memory"] = small_peak
    large = {"status": 200, "queries": 26, "median": 2.0, "p95": 2.5, "bytes": 9 * MB}
    large |= {"memory_early": early, "memory_later": later, "rows_later": rows_later}
    large["peak_memory"] = peak or max(early, later)
    return small, large


def test_an_export_that_holds_level_after_its_first_chunks_is_flat_however_far_above_the_demo():
    small, large = export(early=5 * MB, later=5.5 * MB, small_peak=400_000)

    assert verdict("export", small, large) == "ok"


def test_an_export_whose_memory_grows_as_it_streams_misses():
    small, large = export(early=2 * MB, later=4 * MB, small_peak=1.9 * MB)

    judged = verdict("export", small, large)

    assert judged.startswith("MISS")
    assert f"memory grew ×2.0 after the first {EARLY_CHUNKS} chunks (2.0 → 4.0 MB)" in judged


def test_an_export_over_the_ceiling_misses_even_when_level():
    small, large = export(early=MEMORY_CEILING + 2 * MB, later=MEMORY_CEILING + 2 * MB)

    judged = verdict("export", small, large)

    assert judged == f"MISS: peak 12.0 MB > {MEMORY_CEILING // MB} MB"


def test_an_export_too_short_for_a_third_chunk_is_judged_on_its_peak_alone():
    small, large = export(early=1 * MB, later=3 * MB, rows_later=0)

    assert verdict("export", small, large) == "ok (under three chunks: growth not judged)"
    small, large = export(early=11 * MB, later=11 * MB, rows_later=0)
    assert verdict("export", small, large).startswith("MISS: peak 11.0 MB")


def test_pages_that_are_not_exports_are_not_judged_on_memory():
    small, large = export(early=2 * MB, later=40 * MB)

    assert verdict("list", small, large | {"p95": 0.1, "median": 0.05, "queries": 6}) == "ok"


class StreamingClient:
    """Answers every address with the stream `rows` makes, as Django's test client would."""

    def __init__(self, rows):
        self.rows = rows

    def get(self, address, headers=None):
        return StreamingHttpResponse(self.rows())


def chunked(keep_every_row):
    """A CSV-like stream read a chunk of rows at a time, like QuerySet.iterator(): each chunk
    is built while the previous one is still held. With `keep_every_row`, rows also pile up
    for the whole stream, as a view that collects what it streamed would."""

    def rows():
        kept = []
        yield "\ufeff"
        yield "header\n"
        chunk = []
        for start in range(0, 5 * CHUNK_SIZE, CHUNK_SIZE):
            chunk = [f"{number:06d}" + "x" * ROW for number in range(start, start + CHUNK_SIZE)]
            for line in chunk:
                if keep_every_row:
                    kept.append(line + "\n")
                yield line[:6] + "\n"

    return rows


def test_the_bench_finds_a_stream_that_keeps_its_rows_and_passes_one_that_reads_in_chunks():
    level = export_memory(StreamingClient(chunked(keep_every_row=False)), "/export.csv")
    growing = export_memory(StreamingClient(chunked(keep_every_row=True)), "/export.csv")

    assert level["rows_later"] == growing["rows_later"] == 3 * CHUNK_SIZE
    small, _ = export(0, 0)
    assert verdict("export", small, {**small, **level}) == "ok"
    judged = verdict("export", small, {**small, **growing})
    assert judged.startswith("MISS: memory grew ×")


def test_an_answer_that_is_not_streamed_is_measured_whole():
    client = StreamingClient(None)
    client.get = lambda address, headers=None: HttpResponse(b"{}" * 10)

    measured = export_memory(client, "/subject-access.json")

    assert measured["rows_later"] == 0 and measured["peak_memory"] > 0
