package io.glassbox.bench;

import io.glassbox.ds.skiplist.SkipList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The skiplist half of redis-benchmark's ZADD ({@code ZADD myzset <rand> element:<rand>} with
 * {@code -r 100000}): after the first second nearly every command moves an existing member to a
 * random new score, i.e. {@code zslUpdateScore} = one descent to find the node, an unlink and a
 * second descent to link it again. This isolates those descents from parsing, the member dict
 * and the network, so a change to the node layout or the search loops can be judged on its own.
 * Not run by {@code mvn test}; how to run it: docs/performance.md (sorted sets).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class SkipListUpdateBenchmark {

    @Param({"100000", "1000000"})
    public int members;

    private SkipList list;
    private byte[][] ele;
    private double[] score;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup
    public void fill() {
        list = new SkipList();
        ele = new byte[members][];
        score = new double[members];
        for (int i = 0; i < members; i++) {
            ele[i] = String.format("element:%012d", i).getBytes(StandardCharsets.US_ASCII);
            score[i] = random.nextInt(members);
            list.insert(score[i], ele[i]);
        }
    }

    /** One score move of a random member to a random score, as one ZADD of the benchmark. */
    @Benchmark
    public SkipList.Node moveScore() {
        int i = random.nextInt(members);
        double next = random.nextInt(members);
        SkipList.Node n = list.updateScore(score[i], ele[i], next);
        score[i] = next;
        return n;
    }
}
