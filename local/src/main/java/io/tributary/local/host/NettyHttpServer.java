package io.tributary.local.host;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.tributary.auth.TokenVerifier;
import io.tributary.config.HttpSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The local runtime's HTTP server (Netty, epoll where available). Each connection is an
 * {@link HttpConnection}: read on demand, one request at a time, the token checked against the
 * route's access before the body is read, timeouts for headers, body and idle keep-alive; the
 * function runs on a worker pool (functions block, e.g. on the journal's fsync). Past
 * {@link HttpSettings#maxConnections()} a new connection is answered 503 and closed
 * ({@link ConnectionCap}).
 */
public final class NettyHttpServer implements AutoCloseable {

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;
  private final ConnectionCap cap;
  private final LongAdder bytesReceived = new LongAdder();

  /**
   * @param maxBodyBytes the largest body read; a longer one is answered 413 before it is read
   * @param tokens verifies the token of a route that needs one, before its body is read
   * @param admission admits a verified caller (tenant standing, rate limit), before its body is read
   */
  public NettyHttpServer(String host, int port, int maxBodyBytes, HttpSettings limits, HttpRouter router,
      TokenVerifier tokens, Admission admission, ExecutorService executor) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    workers = epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup();
    cap = new ConnectionCap(limits.maxConnections());
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Connections read when asked to (HttpConnection), never on their own.
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            HttpConnection connection = new HttpConnection(router, tokens, admission, executor, limits,
                maxBodyBytes);
            ch.pipeline()
                .addLast(cap)
                .addLast(connection.arrivals(bytesReceived::add))
                .addLast(new HttpServerCodec(8192, 65536, 65536))
                .addLast(connection);
          }
        });
    channel = b.bind(host, port).sync().channel();
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Connections open now, refused ones included until they close. */
  public int openConnections() {
    return cap.open();
  }

  /** Bytes read from all connections since the start. */
  public long bytesReceived() {
    return bytesReceived.sum();
  }

  /** Stops accepting connections; in-flight requests finish on the executor. */
  public void stopAccepting() {
    channel.close().syncUninterruptibly();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  static FullHttpResponse response(HostResponse r) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
        Unpooled.wrappedBuffer(r.body()));
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    HttpUtil.setContentLength(resp, r.body().length);
    return resp;
  }
}
