package io.consumergroups.it.compose;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Mailpit's part in the tests: an SMTP server on a free local port that accepts every
 * message and keeps its headers. It speaks just enough SMTP for JavaMail: greeting,
 * {@code EHLO}/{@code HELO}, {@code MAIL}, {@code RCPT}, {@code DATA}, {@code RSET},
 * {@code NOOP}, {@code QUIT}; no TLS, no authentication, as Mailpit in the compose file.
 */
final class SmtpSink implements AutoCloseable {

	private final ServerSocket server;

	private final List<String> messages = new CopyOnWriteArrayList<>();

	SmtpSink() {
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "smtp-sink");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * The messages received so far, each as its header lines.
	 * @return the messages
	 */
	List<String> messages() {
		return List.copyOf(this.messages);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Thread session = new Thread(() -> converse(client), "smtp-sink-session");
				session.setDaemon(true);
				session.start();
			}
			catch (IOException ex) {
				// Closed
			}
		}
	}

	private void converse(Socket client) {
		try (client;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
				Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
			reply(out, "220 smtp-sink ready");
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
				switch (command) {
					case "EHLO", "HELO" -> reply(out, "250 smtp-sink");
					case "DATA" -> {
						reply(out, "354 end with <CRLF>.<CRLF>");
						this.messages.add(readMessageHeaders(in));
						reply(out, "250 accepted");
					}
					case "QUIT" -> {
						reply(out, "221 bye");
						return;
					}
					default -> reply(out, "250 ok");
				}
			}
		}
		catch (SocketException ex) {
			// The client went away
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readMessageHeaders(BufferedReader in) throws IOException {
		StringBuilder headers = new StringBuilder();
		boolean inHeaders = true;
		String line;
		while ((line = in.readLine()) != null && !line.equals(".")) {
			if (line.isEmpty()) {
				inHeaders = false;
			}
			if (inHeaders) {
				headers.append(line).append('\n');
			}
		}
		return headers.toString();
	}

	private static void reply(Writer out, String line) throws IOException {
		out.write(line + "\r\n");
		out.flush();
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
