package dev.autodistill4j.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

import java.util.concurrent.atomic.AtomicInteger;

/** The test session: two task threads, up to 4 attempts per task (so a retried task can succeed), no UI. */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession local2() {
        SparkSession spark = SparkSession.builder().appName("autodistill4j-test").master("local[2,4]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /** Counts failed task attempts, to prove an injected failure really happened. */
    static AtomicInteger countFailedTasks(SparkSession spark) {
        AtomicInteger failed = new AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        });
        return failed;
    }

    /** Listener events arrive asynchronously: wait (bounded) until {@code counter} is positive. */
    static int awaitPositive(AtomicInteger counter) throws InterruptedException {
        for (int i = 0; i < 100 && counter.get() == 0; i++) {
            Thread.sleep(100);
        }
        return counter.get();
    }
}
