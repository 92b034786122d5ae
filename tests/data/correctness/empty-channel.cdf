<?xml version="1.0" encoding="utf-8"?>
<CHANNEL HREF="https://cdf.example/" BASE="https://cdf.example/">
  <TITLE>CDF channel, no items yet</TITLE>
  <ABSTRACT>A Channel Definition Format feed</ABSTRACT>
</CHANNEL>
