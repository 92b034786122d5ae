<?xml version="1.0" encoding="utf-8"?>
<CHANNEL HREF="https://cdf.example/" LASTMOD="2024-05-21T08:30">
  <TITLE>CDF channel</TITLE>
  <ABSTRACT>A Channel Definition Format feed</ABSTRACT>
  <ITEM HREF="https://cdf.example/news/1.html" LASTMOD="2024-05-21T08:30">
    <TITLE>First CDF item</TITLE>
    <ABSTRACT>What the first item says</ABSTRACT>
  </ITEM>
  <ITEM HREF="https://cdf.example/news/2.html" LASTMOD="2024-05-20T08:30">
    <TITLE>Second CDF item</TITLE>
    <ABSTRACT>What the second item says</ABSTRACT>
  </ITEM>
</CHANNEL>
