/* Interactive transcript for testimony recordings: progressive enhancement of the server-rendered player.
 *
 * Without this script the page already shows the recording, the chapters and the whole transcript,
 * with every timestamp a link (?t=1:23) that opens the recording at that moment.
 * With it: click a line to seek, the current line is highlighted and followed, search within the
 * transcript, deep links by #t=83, and "cite this moment".
 */
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function clock(seconds) {
    var whole = Math.max(0, Math.floor(seconds));
    var hours = Math.floor(whole / 3600);
    var minutes = Math.floor((whole % 3600) / 60);
    var secs = whole % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return hours ? hours + ":" + two(minutes) + ":" + two(secs) : minutes + ":" + two(secs);
  }

  function parseTime(value) {
    if (!value) return null;
    var text = String(value).trim().replace(/s$/, "");
    if (!/^(\d{1,2}:){0,2}\d{1,7}(\.\d{1,3})?$/.test(text)) return null;
    var parts = text.split(":");
    var total = 0;
    for (var i = 0; i < parts.length; i++) total = total * 60 + parseFloat(parts[i]);
    return isFinite(total) ? total : null;
  }

  function hashTime() {
    var match = /(?:^#|&)t=([^&]+)/.exec(window.location.hash);
    return match ? parseTime(decodeURIComponent(match[1])) : null;
  }

  function Player(root, labels, announcer) {
    this.root = root;
    this.labels = labels;
    this.announcer = announcer;
    this.media = root.querySelector("[data-media]");
    this.cues = Array.prototype.slice.call(root.querySelectorAll("[data-transcript] [data-start]"));
    this.chapters = Array.prototype.slice.call(root.querySelectorAll("[data-chapter]"));
    this.follow = true;
    this.pending = null;
    this.current = [];
    this.currentChapter = null;
    this.matches = [];
    this.matchIndex = -1;
    this.init();
  }

  Player.prototype.init = function () {
    var self = this;
    var tools = this.root.querySelector("[data-transcript-tools]");
    if (tools) tools.hidden = false;

    this.root.addEventListener("click", function (event) {
      var link = event.target.closest("[data-seek]");
      if (link && self.root.contains(link)) {
        event.preventDefault();
        self.seek(parseFloat(link.getAttribute("data-seek")), true);
        return;
      }
      var cue = event.target.closest("[data-transcript] [data-start]");
      if (cue && !event.target.closest("a") && !window.getSelection().toString()) {
        self.seek(parseFloat(cue.getAttribute("data-start")), true);
      }
    });

    if (this.media) {
      var retry = function () {
        if (self.pending !== null && self.pending !== undefined && self.seekable(self.pending)) {
          self.media.currentTime = self.pending;
          self.pending = null;
        }
      };
      ["loadedmetadata", "durationchange", "loadeddata", "progress", "canplay", "canplaythrough"].forEach(function (name) {
        self.media.addEventListener(name, retry);
      });
      this.media.addEventListener("timeupdate", function () {
        if (self.pending === null || self.pending === undefined) self.update(self.media.currentTime, false);
      });
      this.media.addEventListener("seeked", function () { self.update(self.media.currentTime, false); });
    }

    var follow = this.root.querySelector("[data-follow]");
    if (follow) {
      follow.addEventListener("click", function () {
        self.follow = !self.follow;
        follow.setAttribute("aria-pressed", self.follow ? "true" : "false");
        if (self.follow && self.current.length) self.reveal(self.current[0]);
      });
    }

    var views = this.root.querySelectorAll("[data-view]");
    Array.prototype.forEach.call(views, function (button) {
      button.addEventListener("click", function () { self.showView(button.getAttribute("data-view"), views); });
    });

    var search = this.root.querySelector("[data-transcript-search]");
    if (search) {
      search.addEventListener("input", function () { self.search(search.value); });
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          self.step(event.shiftKey ? -1 : 1);
        }
      });
      var next = this.root.querySelector("[data-search-next]");
      var prev = this.root.querySelector("[data-search-prev]");
      if (next) next.addEventListener("click", function () { self.step(1); });
      if (prev) prev.addEventListener("click", function () { self.step(-1); });
    }

    var cite = this.root.querySelector("[data-cite]");
    if (cite) cite.addEventListener("click", function () { self.cite(); });

    var start = this.root.getAttribute("data-start-at");
    var fromHash = hashTime();
    if (fromHash !== null && document.querySelector("[data-player]") === this.root) start = String(fromHash);
    if (start !== null && start !== undefined) {
      var seconds = parseFloat(start);
      if (isFinite(seconds)) {
        this.seek(seconds, false);
        this.update(seconds, true);
      }
    }
  };

  Player.prototype.seek = function (seconds, announce) {
    if (!isFinite(seconds)) return;
    if (this.media) {
      if (this.seekable(seconds)) {
        this.media.currentTime = seconds;
        this.pending = null;
      } else {
        /* Not seekable yet (metadata still loading, or a server without range requests that
           only lets the browser seek in what it has downloaded): seek as soon as it can. */
        this.pending = seconds;
        if (this.media.preload !== "auto") this.media.preload = "auto";
        if (this.media.readyState === 0 && this.media.networkState !== 2) this.media.load();
      }
    }
    this.update(seconds, true);
    if (announce && this.current.length) {
      this.say(format(this.labels.now, { text: this.current[0].textContent.replace(/\s+/g, " ").trim() }));
    }
  };

  Player.prototype.seekable = function (seconds) {
    if (this.media.readyState < 1) return false;
    var lists = [this.media.seekable, this.media.buffered];
    for (var l = 0; l < lists.length; l++) {
      for (var i = 0; lists[l] && i < lists[l].length; i++) {
        if (lists[l].start(i) <= seconds && seconds <= lists[l].end(i)) return true;
      }
    }
    return false;
  };

  Player.prototype.cuesAt = function (seconds) {
    return this.cues.filter(function (cue) {
      return parseFloat(cue.getAttribute("data-start")) <= seconds + 0.001 && seconds < parseFloat(cue.getAttribute("data-end"));
    });
  };

  Player.prototype.update = function (seconds, force) {
    var now = this.cuesAt(seconds);
    var changed = now.length !== this.current.length || now.some(function (cue, i) { return cue !== this.current[i]; }, this);
    if (changed) {
      this.current.forEach(function (cue) {
        cue.classList.remove("is-current");
        cue.removeAttribute("aria-current");
      });
      now.forEach(function (cue) {
        cue.classList.add("is-current");
        cue.setAttribute("aria-current", "true");
      });
      this.current = now;
      if (now.length && (this.follow || force)) this.reveal(now[0]);
    }
    this.updateChapter(seconds);
  };

  Player.prototype.updateChapter = function (seconds) {
    var active = null;
    this.chapters.forEach(function (chapter) {
      if (parseFloat(chapter.getAttribute("data-start")) <= seconds + 0.001) active = chapter;
    });
    if (active === this.currentChapter) return;
    if (this.currentChapter) {
      this.currentChapter.classList.remove("is-current");
      this.currentChapter.removeAttribute("aria-current");
    }
    if (active) {
      active.classList.add("is-current");
      active.setAttribute("aria-current", "true");
      var title = active.querySelector(".chapter__title");
      if (this.currentChapter !== null && title && this.media && !this.media.paused) {
        this.say(format(this.labels.chapter, { title: title.textContent.trim() }));
      }
    }
    this.currentChapter = active;
  };

  Player.prototype.reveal = function (cue) {
    var list = cue.closest("[data-transcript]");
    if (!list) return;
    var top = cue.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + cue.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  };

  Player.prototype.say = function (text) {
    if (!this.announcer) return;
    this.announcer.textContent = "";
    var announcer = this.announcer;
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  };

  Player.prototype.showView = function (view, buttons) {
    Array.prototype.forEach.call(buttons, function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-view") === view ? "true" : "false");
    });
    var columns = this.root.querySelectorAll("[data-transcript-column]");
    Array.prototype.forEach.call(columns, function (column) {
      column.hidden = view !== "all" && column.getAttribute("data-transcript-column") !== view;
    });
    var container = this.root.querySelector("[data-transcripts]");
    if (container) container.classList.toggle("transcripts--single", view !== "all");
  };

  Player.prototype.clearMarks = function () {
    var marks = this.root.querySelectorAll("mark.transcript-match");
    Array.prototype.forEach.call(marks, function (mark) {
      var parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
    this.matches = [];
    this.matchIndex = -1;
  };

  Player.prototype.search = function (raw) {
    this.clearMarks();
    var status = this.root.querySelector("[data-search-status]");
    var query = raw.replace(/\s+/g, " ").trim().toLocaleLowerCase();
    if (!query) {
      if (status) status.textContent = "";
      return;
    }
    var self = this;
    var texts = this.root.querySelectorAll("[data-transcript-column]:not([hidden]) [data-cue-text]");
    Array.prototype.forEach.call(texts, function (container) {
      var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        var text = node.nodeValue;
        var lower = text.toLocaleLowerCase();
        var at = lower.indexOf(query);
        if (at < 0 || lower.length !== text.length) return;
        var fragment = document.createDocumentFragment();
        var last = 0;
        while (at >= 0) {
          fragment.appendChild(document.createTextNode(text.slice(last, at)));
          var mark = document.createElement("mark");
          mark.className = "transcript-match";
          mark.textContent = text.slice(at, at + query.length);
          fragment.appendChild(mark);
          self.matches.push(mark);
          last = at + query.length;
          at = lower.indexOf(query, last);
        }
        fragment.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(fragment, node);
      });
    });
    if (status && !this.matches.length) status.textContent = this.labels.noMatches;
    if (this.matches.length) this.goTo(0);
  };

  Player.prototype.goTo = function (index) {
    if (!this.matches.length) return;
    if (this.matchIndex >= 0 && this.matches[this.matchIndex]) this.matches[this.matchIndex].classList.remove("is-active");
    this.matchIndex = (index + this.matches.length) % this.matches.length;
    var mark = this.matches[this.matchIndex];
    mark.classList.add("is-active");
    var cue = mark.closest("[data-start]");
    if (cue) this.reveal(cue);
    var status = this.root.querySelector("[data-search-status]");
    if (status) status.textContent = format(this.labels.matches, { current: this.matchIndex + 1, total: this.matches.length });
  };

  Player.prototype.step = function (direction) {
    if (!this.matches.length) return;
    this.goTo(this.matchIndex + direction);
    var cue = this.matches[this.matchIndex].closest("[data-start]");
    if (cue && this.media) this.seek(parseFloat(cue.getAttribute("data-start")), false);
  };

  Player.prototype.momentSeconds = function () {
    if (this.media && this.media.currentTime) return this.media.currentTime;
    if (this.current.length) return parseFloat(this.current[0].getAttribute("data-start"));
    return 0;
  };

  Player.prototype.cite = function () {
    var seconds = Math.floor(this.momentSeconds());
    var url = this.root.getAttribute("data-cite-url") || window.location.href.split(/[?#]/)[0];
    var recording = this.root.getAttribute("data-recording");
    var link = url + "?t=" + clock(seconds) + (recording ? "&recording=" + recording : "");
    var author = this.root.getAttribute("data-cite-author");
    var text =
      (author ? author + ", " : "") +
      "\u201c" + this.root.getAttribute("data-cite-title") + "\u201d, " +
      format(this.labels.at, { time: clock(seconds) }) + ". " +
      this.root.getAttribute("data-cite-site") + ". " + link;
    var output = this.root.querySelector("[data-cite-output]");
    if (output) output.textContent = text;
    var self = this;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { self.say(self.labels.copied); }, function () {});
    }
  };

  function start() {
    var section = document.querySelector(".recordings");
    if (!section) return;
    var labels = {
      matches: section.getAttribute("data-label-matches") || "%(current)s / %(total)s",
      noMatches: section.getAttribute("data-label-no-matches") || "",
      now: section.getAttribute("data-label-now") || "%(text)s",
      chapter: section.getAttribute("data-label-chapter") || "%(title)s",
      copied: section.getAttribute("data-label-copied") || "",
      at: section.getAttribute("data-label-at") || "%(time)s"
    };
    var announcer = section.querySelector("[data-player-announcer]");
    var players = section.querySelectorAll("[data-player]");
    Array.prototype.forEach.call(players, function (root) {
      root.player = new Player(root, labels, announcer);
    });
    window.addEventListener("hashchange", function () {
      var seconds = hashTime();
      if (seconds !== null && players.length) players[0].player.seek(seconds, true);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
