package io.tributary.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The same events into Apache Kafka with {@code acks=all}, idempotent, batched and compressed:
 * what a durable append costs on this machine with a well-known engine. Reports events/s and the
 * send-to-ack latency, closed loop or at a fixed rate (latency from the intended send time).
 */
final class KafkaAnchor {

  record Result(double seconds, long events, long rawBytes, Histogram latencyMicros) {
  }

  static Result run(Path dir, List<byte[]> events, int producers, double eventsPerSecond, Duration warmup,
      Duration measured) throws Exception {
    try (InProcessKafka kafka = new InProcessKafka(dir)) {
      try (Admin admin = Admin.create(adminProps(kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("events", 4, (short) 1))).all().get();
      }
      long start = System.nanoTime() + 200_000_000L;
      long measureFrom = start + warmup.toNanos();
      long end = measureFrom + measured.toNanos();
      long intervalNanos = eventsPerSecond > 0 ? (long) (1e9 * producers / eventsPerSecond) : 0;
      AtomicLong acked = new AtomicLong();
      AtomicLong bytes = new AtomicLong();
      List<Histogram> hs = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        Histogram h = new Histogram(3_600_000_000L, 3);
        hs.add(h);
        int id = p;
        Thread t = new Thread(() -> {
          try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(kafka.bootstrapServers()))) {
            long k = 0;
            byte[] key = ("tenant-" + id).getBytes();
            while (true) {
              long intended;
              if (intervalNanos > 0) {
                intended = start + id * (intervalNanos / producers) + k * intervalNanos;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                  LockSupport.parkNanos(wait);
                }
              } else {
                intended = System.nanoTime();
              }
              if (intended >= end) {
                break;
              }
              byte[] value = events.get((int) ((k * 31 + id) % events.size()));
              k++;
              long sentAt = intended;
              boolean counted = intended >= measureFrom;
              producer.send(new ProducerRecord<>("events", key, value), (md, e) -> {
                if (e == null && counted) {
                  long micros = (System.nanoTime() - sentAt) / 1000;
                  synchronized (h) {
                    h.recordValue(Math.max(0, micros));
                  }
                  acked.incrementAndGet();
                  bytes.addAndGet(value.length);
                }
              });
            }
            producer.flush();
          }
        }, "kafka-producer-" + p);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      Histogram all = new Histogram(3_600_000_000L, 3);
      hs.forEach(all::add);
      return new Result(measured.toNanos() / 1e9, acked.get(), bytes.get(), all);
    }
  }

  private static Properties adminProps(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    return p;
  }

  private static Properties producerProps(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L << 20));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }
}
