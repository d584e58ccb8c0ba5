package io.tributary.local.host;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.tributary.http.Problem;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Counts the host's open connections and refuses one past the cap: it is answered 503
 * {@code too_many_connections} with Retry-After as soon as it opens, before anything is read, and
 * closed. The connection's handlers after this one never see it. Shared by all connections.
 */
@ChannelHandler.Sharable
final class ConnectionCap extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = Logger.getLogger(ConnectionCap.class.getName());
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  ConnectionCap(int max) {
    this.max = max;
  }

  int open() {
    return open.get();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    int n = open.incrementAndGet();
    ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
    if (n <= max) {
      ctx.fireChannelActive();
      return;
    }
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      LOG.warning("refusing connections: " + max + " are open (TRIBUTARY_HTTP_MAX_CONNECTIONS)");
    }
    FullHttpResponse r = NettyHttpServer.response(HttpRouter.problem(Problem.of(503, HostReasons.TOO_MANY_CONNECTIONS,
        "the server has " + max + " connections open, its most; retry shortly, or reuse a kept-alive connection")
        .with("retryAfterSeconds", 1)));
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    // From the pipeline's tail, so that the HTTP encoder after this handler writes it.
    ctx.channel().writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }
}
