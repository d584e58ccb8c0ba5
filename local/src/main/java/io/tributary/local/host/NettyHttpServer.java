package io.tributary.local.host;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tributary.http.Problem;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local runtime's HTTP server (Netty, epoll where available): parses requests on the event
 * loops, runs the function on a worker pool (functions block, e.g. on the journal's fsync), and
 * writes the response back with keep-alive. Bodies over the limit get a 413 problem before they
 * are buffered.
 */
public final class NettyHttpServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(NettyHttpServer.class.getName());

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;

  public NettyHttpServer(String host, int port, int maxBodyBytes, HttpRouter router, ExecutorService executor)
      throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    workers = epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup();
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new HttpServerCodec(8192, 65536, 65536))
                .addLast(new Aggregator(maxBodyBytes))
                .addLast(new Dispatcher(router, executor));
          }
        });
    channel = b.bind(host, port).sync().channel();
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Stops accepting connections; in-flight requests finish on the executor. */
  public void stopAccepting() {
    channel.close().syncUninterruptibly();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Aggregates the body, answering an oversized one with a problem+json 413. */
  private static final class Aggregator extends HttpObjectAggregator {
    private final int max;

    Aggregator(int max) {
      super(max, true);
      this.max = max;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      if (!(oversized instanceof HttpRequest)) {
        ctx.close();
        return;
      }
      Problem p = Problem.of(413, "body_too_large", "the body is larger than " + max
          + " bytes; send smaller batches");
      FullHttpResponse r = response(HttpRouter.problem(p));
      boolean close = oversized instanceof FullHttpMessage
          || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
      if (close) {
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
      } else {
        // The aggregator discards the rest of this body; the connection stays usable.
        ctx.writeAndFlush(r);
      }
    }
  }

  private static final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final HttpRouter router;
    private final ExecutorService executor;

    Dispatcher(HttpRouter router, ExecutorService executor) {
      this.router = router;
      this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      if (!req.decoderResult().isSuccess()) {
        write(ctx, HttpRouter.problem(Problem.of(400, "bad_request", "the HTTP request cannot be parsed")), false);
        return;
      }
      byte[] body = ByteBufUtil.getBytes(req.content());
      String method = req.method().name();
      QueryStringDecoder qs = new QueryStringDecoder(req.uri());
      Map<String, String> query = new HashMap<>();
      for (Map.Entry<String, List<String>> e : qs.parameters().entrySet()) {
        query.put(e.getKey(), e.getValue().get(0));
      }
      Map<String, String> headers = new HashMap<>();
      for (Map.Entry<String, String> h : req.headers()) {
        headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue());
      }
      URI uri;
      try {
        uri = URI.create("http://" + headers.getOrDefault("host", "127.0.0.1") + qs.rawPath());
      } catch (IllegalArgumentException e) {
        write(ctx, HttpRouter.problem(Problem.of(400, "bad_request", "the request URI is not valid")), false);
        return;
      }
      try {
        executor.execute(() -> {
          HostResponse r;
          try {
            r = router.handle(method, uri, headers, query, body);
          } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "request failed: " + method + " " + uri.getPath(), e);
            r = HttpRouter.problem(Problem.of(500, "internal_error", "the server failed on this request"));
          }
          write(ctx, r, keepAlive);
        });
      } catch (RejectedExecutionException e) {
        write(ctx, HttpRouter.problem(Problem.of(503, "overloaded", "the server is busy; retry shortly")
            .with("retryAfterSeconds", 1)), keepAlive);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private static void write(ChannelHandlerContext ctx, HostResponse r, boolean keepAlive) {
      FullHttpResponse resp = response(r);
      if (keepAlive) {
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(resp);
      } else {
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  static FullHttpResponse response(HostResponse r) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
        Unpooled.wrappedBuffer(r.body()));
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    HttpUtil.setContentLength(resp, r.body().length);
    return resp;
  }
}
